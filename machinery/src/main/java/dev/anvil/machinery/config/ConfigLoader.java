package dev.anvil.machinery.config;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.DocumentKinds;
import dev.anvil.machinery.config.document.UnimplementedDocument;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.LineIndex;
import dev.anvil.machinery.config.schema.NodeDecoder;
import dev.anvil.machinery.config.schema.Problems;
import dev.anvil.machinery.config.schema.Unstructured;
import dev.anvil.machinery.config.schema.Yaml;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads a machine config stream strictly: every key must be known to the model, every kind to
 * {@link DocumentKinds}, and every problem of the input is returned at once with its document, path and line. It
 * never throws for bad input. {@code strict} additionally turns "Anvil does not implement this yet" findings into
 * errors.
 */
public final class ConfigLoader {

    private static final Set<String> HEADER = Set.of("apiVersion", "kind");

    private ConfigLoader() {
    }

    public static LoadResult load(String text, boolean strict) {
        if (text.length() > Yaml.MAX_CODE_POINTS) {
            return failed("the config is larger than " + Yaml.MAX_CODE_POINTS / (1024 * 1024) + " MiB");
        }
        var problems = new Problems(strict);
        List<Node> nodes;
        try {
            nodes = Yaml.composeAll(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String message = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            return new LoadResult(new ConfigBundle(List.of()),
                    List.of(new ConfigProblem("stream", "", line, "malformed YAML: " + message,
                            ConfigProblem.Severity.ERROR)), new LineIndex());
        } catch (YamlEngineException e) {
            return failed("malformed YAML: " + e.getMessage());
        } catch (StackOverflowError e) {
            return failed("malformed YAML: nested too deeply");
        }
        var decoder = new NodeDecoder(problems);
        List<ConfigDocument> documents = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        int index = 0;
        for (Node node : nodes) {
            index++;
            if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                continue; // an empty document, e.g. after a trailing ---
            }
            ConfigDocument document = decodeDocument(node, index, decoder, problems);
            if (document == null) {
                continue;
            }
            String identity = document.apiVersion() + "/" + document.kind() + "/" + document.id();
            if (!identities.add(identity)) {
                problems.document(document.label());
                problems.error("", node, "duplicate document: only one " + document.label() + " is allowed");
                continue;
            }
            documents.add(document);
        }
        return new LoadResult(new ConfigBundle(documents), problems.list(), problems.lines());
    }

    private static ConfigDocument decodeDocument(Node node, int index, NodeDecoder decoder, Problems problems) {
        problems.document("document " + index);
        if (!(node instanceof MappingNode mapping)) {
            problems.error("", node, "a config document must be a mapping");
            return null;
        }
        Map<String, Node> header = header(mapping);
        Node kindNode = header.get("kind");
        Node apiVersionNode = header.get("apiVersion");
        if (kindNode == null) {
            problems.document("v1alpha1");
            if (apiVersionNode != null) {
                problems.error("kind", mapping, "document has an apiVersion but no kind");
                return null;
            }
            var doc = (V1Alpha1) decoder.decodeRecord(mapping, V1Alpha1.class, "", Set.of());
            if (doc != null && !"v1alpha1".equals(doc.version())) {
                problems.error("version", header.getOrDefault("version", mapping),
                        doc.version() == null ? "version is required (v1alpha1)"
                                : "unsupported version \"" + doc.version() + "\", expected v1alpha1");
            }
            return doc;
        }
        String kind = text(kindNode);
        String apiVersion = apiVersionNode == null ? null : text(apiVersionNode);
        String name = header.containsKey("name") ? text(header.get("name")) : "";
        problems.document(DocumentKinds.label(kind == null ? "?" : kind, name == null ? "" : name));
        if (kind == null || apiVersion == null) {
            problems.error(kind == null ? "kind" : "apiVersion", mapping, kind == null ? "kind must be a string"
                    : apiVersionNode == null ? "apiVersion is required" : "apiVersion must be a string");
            return null;
        }
        var known = DocumentKinds.find(apiVersion, kind);
        if (known.isPresent()) {
            if (known.get().named() && (name == null || name.isEmpty())) {
                problems.error("name", mapping, "name is required");
            }
            return (ConfigDocument) decoder.decodeRecord(mapping, known.get().type(), "", HEADER);
        }
        if (DocumentKinds.isUnimplementedTalosKind(apiVersion, kind)) {
            problems.notImplemented("", kindNode, "Anvil does not implement " + kind + " yet; the document has no effect");
            var body = (Unstructured) decoder.decode(mapping, Unstructured.class, "");
            @SuppressWarnings("unchecked")
            var fields = new LinkedHashMap<>((Map<String, Object>) body.value());
            fields.keySet().removeAll(HEADER);
            return new UnimplementedDocument(apiVersion, kind, name == null ? "" : name,
                    new Unstructured(java.util.Collections.unmodifiableMap(fields)));
        }
        problems.error("kind", kindNode, "unknown kind \"" + kind + "\" for apiVersion \"" + apiVersion + "\"");
        return null;
    }

    private static Map<String, Node> header(MappingNode mapping) {
        Map<String, Node> header = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && Set.of("apiVersion", "kind", "name", "version")
                    .contains(k.getValue())) {
                header.putIfAbsent(k.getValue(), t.getValueNode());
            }
        }
        return header;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? s.getValue() : null;
    }

    private static LoadResult failed(String message) {
        return new LoadResult(new ConfigBundle(List.of()),
                List.of(new ConfigProblem("stream", "", 0, message, ConfigProblem.Severity.ERROR)), new LineIndex());
    }
}
