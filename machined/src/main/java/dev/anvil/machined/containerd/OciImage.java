package dev.anvil.machined.containerd;

import dev.anvil.api.containerd.types.Descriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image as far as running it needs: the indexes passed on the way (for their collector labels), its manifest,
 * its config (what to run by default) and its layers with the snapshot chain IDs they unpack to. The platform is
 * linux/amd64 where an index offers several.
 */
record OciImage(List<Descriptor> indexes, Descriptor manifest, Descriptor config, List<Descriptor> layers,
        List<String> diffIds, RunConfig run) {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** The image config's defaults for a container. */
    record RunConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {
    }

    /** Where the JSON blobs of an image are read from (the import's memory, or containerd's content store). */
    @FunctionalInterface
    interface Blobs {
        byte[] read(String digest) throws IOException;
    }

    /** The image a descriptor (index or manifest) points to. */
    static OciImage resolve(Descriptor target, Blobs blobs) throws IOException {
        List<Descriptor> indexes = new ArrayList<>();
        Descriptor at = target;
        while (at.getMediaType().equals(ImageImport.INDEX) || at.getMediaType().equals(ImageImport.DOCKER_LIST)) {
            indexes.add(at);
            Map<String, Object> index = JsonValue.readObject(blob(blobs, at), "index " + at.getDigest());
            List<Map<String, Object>> entries = descriptors(index.get("manifests"), "index " + at.getDigest());
            Map<String, Object> chosen = entries.stream().filter(OciImage::linuxAmd64).findFirst()
                    .orElse(entries.isEmpty() ? null : entries.getFirst());
            if (chosen == null) {
                throw new IllegalArgumentException("index " + at.getDigest() + " lists no manifest");
            }
            at = descriptor(chosen);
        }
        if (!at.getMediaType().equals(MANIFEST) && !at.getMediaType().equals(DOCKER_MANIFEST)) {
            throw new IllegalArgumentException("not an image manifest: " + at.getDigest() + " is "
                    + at.getMediaType());
        }
        Map<String, Object> manifest = JsonValue.readObject(blob(blobs, at), "manifest " + at.getDigest());
        if (!(manifest.get("config") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("manifest " + at.getDigest() + " has no config");
        }
        @SuppressWarnings("unchecked")
        Descriptor config = descriptor((Map<String, Object>) manifest.get("config"));
        List<Descriptor> layers = descriptors(manifest.get("layers"), "manifest layers").stream()
                .map(OciImage::descriptor).toList();
        Map<String, Object> configJson = JsonValue.readObject(blob(blobs, config), "config " + config.getDigest());
        Map<?, ?> rootfs = configJson.get("rootfs") instanceof Map<?, ?> m ? m : Map.of();
        List<String> diffIds = strings(rootfs.get("diff_ids"));
        if (diffIds.size() != layers.size()) {
            throw new IllegalArgumentException("config " + config.getDigest() + " has " + diffIds.size()
                    + " diff_ids for " + layers.size() + " layers");
        }
        Map<?, ?> run = configJson.get("config") instanceof Map<?, ?> m ? m : Map.of();
        return new OciImage(List.copyOf(indexes), at, config, layers, diffIds, new RunConfig(
                strings(run.get("Entrypoint")), strings(run.get("Cmd")), strings(run.get("Env")),
                run.get("WorkingDir") instanceof String w && !w.isEmpty() ? w : "/"));
    }

    /** The snapshot chain IDs of the layers: the first layer's diff ID, then sha256 of "parent diffID". */
    List<String> chainIds() {
        List<String> chain = new ArrayList<>();
        String parent = null;
        for (String diffId : diffIds) {
            parent = parent == null ? diffId : sha256(parent + " " + diffId);
            chain.add(parent);
        }
        return chain;
    }

    /** The snapshot a container of this image starts from (empty for an image of no layers). */
    String topChainId() {
        List<String> chain = chainIds();
        return chain.isEmpty() ? "" : chain.getLast();
    }

    /**
     * The labels containerd's garbage collector follows, by digest: an index refers to its manifests, a manifest to
     * its config and layers, the config to the unpacked snapshot.
     */
    Map<String, Map<String, String>> labelledBlobs(String snapshotter) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (int i = 0; i < indexes.size(); i++) {
            Descriptor next = i + 1 < indexes.size() ? indexes.get(i + 1) : manifest;
            labels.put(indexes.get(i).getDigest(), Map.of("containerd.io/gc.ref.content.m.0", next.getDigest()));
        }
        Map<String, String> ofManifest = new LinkedHashMap<>();
        ofManifest.put("containerd.io/gc.ref.content.config", config.getDigest());
        for (int i = 0; i < layers.size(); i++) {
            ofManifest.put("containerd.io/gc.ref.content.l." + i, layers.get(i).getDigest());
        }
        labels.put(manifest.getDigest(), ofManifest);
        labels.put(config.getDigest(), layers.isEmpty() ? Map.of()
                : Map.of("containerd.io/gc.ref.snapshot." + snapshotter, topChainId()));
        return labels;
    }

    private static boolean linuxAmd64(Map<String, Object> entry) {
        return entry.get("platform") instanceof Map<?, ?> p && "linux".equals(p.get("os"))
                && "amd64".equals(p.get("architecture"));
    }

    private static byte[] blob(Blobs blobs, Descriptor d) throws IOException {
        byte[] data = blobs.read(d.getDigest());
        if (data == null) {
            throw new IllegalArgumentException("the image has no blob " + d.getDigest());
        }
        if (!sha256(data).equals(d.getDigest())) {
            throw new IllegalArgumentException("blob " + d.getDigest() + " does not match its digest");
        }
        return data;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> descriptors(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(e -> e instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not a list of descriptors");
        }
        return (List<Map<String, Object>>) list;
    }

    static Descriptor descriptor(Map<String, Object> json) {
        if (!(json.get("digest") instanceof String digest) || !(json.get("mediaType") instanceof String type)
                || !(json.get("size") instanceof Number size)) {
            throw new IllegalArgumentException("a descriptor needs mediaType, digest and size: " + json);
        }
        Descriptor.Builder d = Descriptor.newBuilder().setMediaType(type).setDigest(digest).setSize(size.longValue());
        if (json.get("annotations") instanceof Map<?, ?> annotations) {
            annotations.forEach((k, v) -> d.putAnnotations(k.toString(), String.valueOf(v)));
        }
        return d.build();
    }

    /** The name an index entry gives its image. */
    static String name(Map<String, Object> entry) {
        if (entry.get("annotations") instanceof Map<?, ?> a) {
            if (a.get("io.containerd.image.name") instanceof String n && !n.isEmpty()) {
                return n;
            }
            if (a.get("org.opencontainers.image.ref.name") instanceof String n && !n.isEmpty()) {
                return n;
            }
        }
        throw new IllegalArgumentException("index.json does not name the image (annotation io.containerd.image.name"
                + " or org.opencontainers.image.ref.name)");
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
