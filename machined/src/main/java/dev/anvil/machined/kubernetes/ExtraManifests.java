package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster.extraManifests} and {@code cluster.inlineManifests} as manifests, with Talos's IDs: {@code 30-URL}
 * for a URL, {@code 99-NAME} for an inline one. Anvil makes no network downloads: only {@code file://} URLs are
 * read (from the node's filesystem); any other URL is reported in {@link Result#skipped()} with why.
 */
public final class ExtraManifests {
    private ExtraManifests() {
    }

    public record Result(Map<String, List<Map<String, Object>>> manifests, List<String> skipped) {
    }

    public static Result load(ClusterConfig cluster) {
        Map<String, List<Map<String, Object>>> manifests = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        if (cluster.extraManifests() != null) {
            for (String url : cluster.extraManifests()) {
                URI uri;
                try {
                    uri = URI.create(url);
                } catch (IllegalArgumentException e) {
                    skipped.add(url + ": not a URL");
                    continue;
                }
                if (!"file".equals(uri.getScheme())) {
                    skipped.add(url + ": only file:// URLs are read (Anvil makes no network downloads)");
                    continue;
                }
                try {
                    manifests.put("30-" + url, parse(Files.readString(Path.of(uri))));
                } catch (IOException | RuntimeException e) {
                    skipped.add(url + ": " + e.getMessage());
                }
            }
        }
        if (cluster.inlineManifests() != null) {
            for (ClusterConfig.InlineManifest inline : cluster.inlineManifests()) {
                try {
                    manifests.put("99-" + inline.name(), parse(inline.contents() == null ? "" : inline.contents()));
                } catch (RuntimeException e) {
                    skipped.add("inline manifest " + inline.name() + ": " + e.getMessage());
                }
            }
        }
        return new Result(manifests, skipped);
    }

    /** The objects of a YAML document stream; empty documents are left out, anything but a mapping fails. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("a manifest document is not an object");
            }
            objects.add((Map<String, Object>) map);
        }
        return objects;
    }
}
