package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.schema.NodeDecoder;
import dev.anvil.machinery.config.schema.Problems;
import dev.anvil.machinery.config.schema.Unstructured;
import dev.anvil.machinery.config.schema.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Tells the two patch forms apart, as talosctl does: a stream of mappings is a strategic-merge patch (config
 * documents, {@code $patch: delete} allowed); a single list of {@code {op, path, value}} items, in YAML or JSON, is
 * a JSON patch.
 */
final class PatchLoader {

    /** The parsed patch, or why the text is not one. */
    record Parsed(ConfigPatch patch, String error) {
    }

    private PatchLoader() {
    }

    static Parsed parse(String text) {
        List<Node> nodes = new ArrayList<>();
        try {
            for (Node node : Yaml.composeAll(text)) {
                if (!(node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    nodes.add(node);
                }
            }
        } catch (YamlEngineException e) {
            return new Parsed(null, "malformed YAML: " + e.getMessage());
        } catch (StackOverflowError e) {
            return new Parsed(null, "malformed YAML: nested too deeply");
        }
        if (nodes.isEmpty()) {
            return new Parsed(null, "the patch is empty");
        }
        if (nodes.size() == 1 && nodes.getFirst() instanceof SequenceNode operations) {
            return jsonPatch(operations);
        }
        List<MappingNode> documents = new ArrayList<>();
        for (Node node : nodes) {
            if (!(node instanceof MappingNode mapping)) {
                return new Parsed(null, "a patch is either config documents or one list of JSON patch operations");
            }
            documents.add(mapping);
        }
        return new Parsed(new ConfigPatch.StrategicMergePatch(documents), null);
    }

    private static Parsed jsonPatch(SequenceNode sequence) {
        var problems = new Problems(false);
        Object plain = ((Unstructured) new NodeDecoder(problems).decode(sequence, Unstructured.class, "")).value();
        if (problems.hasErrors()) {
            return new Parsed(null, problems.list().getFirst().message());
        }
        List<JsonPatch.Operation> operations = new ArrayList<>();
        List<?> items = (List<?>) plain;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item) || !(item.get("op") instanceof String op)
                    || !(item.get("path") instanceof String path)) {
                return new Parsed(null, "JSON patch operation " + i + " needs string \"op\" and \"path\"");
            }
            Object from = item.get("from");
            if (from != null && !(from instanceof String)) {
                return new Parsed(null, "JSON patch operation " + i + ": \"from\" must be a string");
            }
            operations.add(new JsonPatch.Operation(op, path, (String) from, item.containsKey("value"),
                    item.get("value")));
        }
        return new Parsed(new ConfigPatch.JsonPatchOperations(operations), null);
    }
}
