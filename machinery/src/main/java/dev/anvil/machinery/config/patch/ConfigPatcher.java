package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.config.schema.NodeDecoder;
import dev.anvil.machinery.config.schema.NodeEncoder;
import dev.anvil.machinery.config.schema.Problems;
import dev.anvil.machinery.config.schema.Unstructured;
import dev.anvil.machinery.config.schema.Yaml;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Applies patches to a machine config in order ({@code anvilctl machineconfig patch}). The config must load before
 * patching, and the result must load after it: a patch that introduces an unknown field or a wrong type fails with
 * the problem's path, and its line in the patched output.
 */
public final class ConfigPatcher {

    private ConfigPatcher() {
    }

    public static PatchResult apply(String config, List<String> patches) {
        LoadResult base = ConfigLoader.load(config, false);
        if (!base.ok()) {
            return new PatchResult(null, base.problems());
        }
        List<Node> documents = Yaml.composeAll(config).stream()
                .filter(n -> !(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))).toList();
        for (int i = 0; i < patches.size(); i++) {
            String label = "patch " + (i + 1);
            PatchLoader.Parsed parsed = PatchLoader.parse(patches.get(i));
            if (parsed.error() != null) {
                return failed(label, parsed.error());
            }
            switch (parsed.patch()) {
                case ConfigPatch.StrategicMergePatch merge -> documents = StrategicMerge.apply(documents,
                        merge.documents());
                case ConfigPatch.JsonPatchOperations json -> {
                    if (documents.size() != 1) {
                        return failed(label, "JSON patches apply only to a config with exactly one document");
                    }
                    Object plain = ((Unstructured) new NodeDecoder(new Problems(false))
                            .decode(documents.getFirst(), Unstructured.class, "")).value();
                    try {
                        documents = List.of(NodeEncoder.encode(JsonPatch.apply(plain, json.operations())));
                    } catch (JsonPatch.Failure e) {
                        return failed(label, e.getMessage());
                    }
                }
            }
        }
        LoadResult patched = ConfigLoader.load(Yaml.dumpAll(documents), false);
        List<ConfigProblem> problems = patched.problems().stream().map(ConfigPatcher::withoutLine).toList();
        return new PatchResult(patched.ok() ? ConfigEncoder.encode(patched.config()) : null, problems);
    }

    /** Lines of the intermediate merged text point at nothing the user has; the path says where. */
    private static ConfigProblem withoutLine(ConfigProblem p) {
        return new ConfigProblem(p.document(), p.yamlPath(), 0, p.message() + " (in the patched config)",
                p.severity());
    }

    private static PatchResult failed(String label, String message) {
        return new PatchResult(null, List.of(new ConfigProblem(label, "", 0, message, ConfigProblem.Severity.ERROR)));
    }
}
