package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Version;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The COSI YAML form of a resource, {@code metadata:} then {@code spec:}, as the COSI runtime prints it: metadata
 * keys in a fixed order (namespace, type, id, version, owner, phase, created, updated, then labels, annotations and
 * finalizers when not empty), four-space indentation, {@code owner:} printed even when empty. Like Go's
 * {@code time.RFC3339}, created and updated are printed to the second, so they lose their fraction.
 *
 * <p>Specs are records: each component is a key named after the component or its {@link YamlName}; null components
 * and empty Optionals are omitted, and a missing key decodes as null, empty, or zero for a primitive. Decoding is
 * strict: an unknown key or a value of the wrong shape is an {@link IllegalArgumentException} naming its YAML path.
 * Thread-safe and stateless.
 */
public final class ResourceYaml {
    private static final DumpSettings DUMP = DumpSettings.builder()
            .setSchema(new CoreSchema())
            .setIndent(4)
            .setIndicatorIndent(4)
            .setIndentWithIndicator(true)
            .setUseUnicodeEncoding(true)
            .build();
    private static final LoadSettings LOAD = LoadSettings.builder().setSchema(new CoreSchema()).build();
    private static final ValueType STRINGS = new ValueType.ListOf(ValueType.Scalar.STRING);
    private static final ValueType STRING_MAP = new ValueType.MapOf(ValueType.Scalar.STRING);

    private ResourceYaml() {
    }

    public static String encode(Resource<?> resource) {
        return dump(new MappingNode(Tag.MAP, List.of(
                new NodeTuple(SpecYaml.key("metadata"), metadata(resource.metadata())),
                new NodeTuple(SpecYaml.key("spec"), specNode(resource.spec()))), FlowStyle.BLOCK));
    }

    /**
     * A resource whose spec is known only as YAML text, as a client that does not know the type receives it: the
     * text is parsed and printed under {@code spec:} in this class's style; blank text is an empty {@code spec:}.
     *
     * @throws IllegalArgumentException if the spec text is not YAML
     */
    public static String encode(Metadata metadata, String specYaml) {
        Node spec = specYaml.isBlank() ? SpecYaml.empty() : compose(specYaml);
        return dump(new MappingNode(Tag.MAP, List.of(
                new NodeTuple(SpecYaml.key("metadata"), metadata(metadata)),
                new NodeTuple(SpecYaml.key("spec"), spec)), FlowStyle.BLOCK));
    }

    /** Decodes a resource whose spec is a {@code specType}; the document must have exactly metadata and spec. */
    public static <S extends Spec> Resource<S> decode(String yaml, Class<S> specType) {
        Map<String, Node> top = keys(compose(yaml), "", List.of("metadata", "spec"));
        if (!top.containsKey("metadata") || !top.containsKey("spec")) {
            throw SpecYaml.error("", "a resource needs both metadata and spec, got " + top.keySet());
        }
        return new Resource<>(metadata(top.get("metadata")), decodeSpec(top.get("spec"), specType, "spec"));
    }

    /** The spec alone, as the {@code yaml_spec} of the wire envelope carries it. */
    public static String encodeSpec(Spec spec) {
        return dump(specNode(spec));
    }

    public static <S extends Spec> S decodeSpec(String yaml, Class<S> specType) {
        return decodeSpec(compose(yaml), specType, "");
    }

    private static Node specNode(Spec spec) {
        return SpecYaml.encode(spec, new ValueType.RecordOf(spec.getClass()));
    }

    private static <S extends Spec> S decodeSpec(Node node, Class<S> specType, String path) {
        return specType.cast(SpecYaml.decode(node, new ValueType.RecordOf(specType), path));
    }

    private static Node metadata(Metadata md) {
        List<NodeTuple> entries = new ArrayList<>();
        entries.add(entry("namespace", SpecYaml.text(md.namespace())));
        entries.add(entry("type", SpecYaml.text(md.type())));
        entries.add(entry("id", SpecYaml.text(md.id())));
        // a defined version prints as a bare number, as the runtime does
        entries.add(entry("version", md.version().isDefined()
                ? new ScalarNode(Tag.INT, md.version().toString(), ScalarStyle.PLAIN)
                : SpecYaml.text(md.version().toString())));
        entries.add(entry("owner", md.owner().isEmpty() ? SpecYaml.empty() : SpecYaml.text(md.owner())));
        entries.add(entry("phase", SpecYaml.text(md.phase().toString())));
        entries.add(entry("created", SpecYaml.text(rfc3339(md.created()))));
        entries.add(entry("updated", SpecYaml.text(rfc3339(md.updated()))));
        if (!md.labels().isEmpty()) {
            entries.add(entry("labels", SpecYaml.encode(md.labels(), STRING_MAP)));
        }
        if (!md.annotations().isEmpty()) {
            entries.add(entry("annotations", SpecYaml.encode(md.annotations(), STRING_MAP)));
        }
        if (!md.finalizers().isEmpty()) {
            entries.add(entry("finalizers", SpecYaml.encode(md.finalizers(), STRINGS)));
        }
        return new MappingNode(Tag.MAP, entries, FlowStyle.BLOCK);
    }

    private static Metadata metadata(Node node) {
        Map<String, Node> keys = keys(node, "metadata", List.of("namespace", "type", "id", "version", "owner", "phase",
                "created", "updated", "labels", "annotations", "finalizers"));
        Node owner = keys.get("owner");
        return new Metadata(
                required(keys, "namespace"),
                required(keys, "type"),
                required(keys, "id"),
                SpecYaml.parse(node(keys, "version"), "metadata.version", Version::parse),
                owner == null || SpecYaml.isNull(owner) ? "" : SpecYaml.scalarText(owner, "metadata.owner"),
                SpecYaml.parse(node(keys, "phase"), "metadata.phase", Phase::parse),
                SpecYaml.parse(node(keys, "created"), "metadata.created", GoTime::parseTimestamp),
                SpecYaml.parse(node(keys, "updated"), "metadata.updated", GoTime::parseTimestamp),
                strings(keys.get("finalizers"), "metadata.finalizers"),
                stringMap(keys.get("labels"), "metadata.labels"),
                stringMap(keys.get("annotations"), "metadata.annotations"));
    }

    private static String rfc3339(Instant t) {
        return GoTime.formatTimestamp(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static NodeTuple entry(String key, Node value) {
        return new NodeTuple(SpecYaml.key(key), value);
    }

    /** The mapping's entries by key, rejecting keys not in {@code allowed} and duplicates. */
    private static Map<String, Node> keys(Node node, String path, List<String> allowed) {
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple t : SpecYaml.mapping(node, path)) {
            String key = SpecYaml.scalarText(t.getKeyNode(), path);
            String keyPath = SpecYaml.child(path, key);
            if (!allowed.contains(key)) {
                throw SpecYaml.error(keyPath, "unknown key (expected one of " + allowed + ")");
            }
            if (keys.put(key, t.getValueNode()) != null) {
                throw SpecYaml.error(keyPath, "duplicate key");
            }
        }
        return keys;
    }

    private static Node node(Map<String, Node> keys, String key) {
        Node node = keys.get(key);
        if (node == null) {
            throw SpecYaml.error("metadata." + key, "missing");
        }
        return node;
    }

    private static String required(Map<String, Node> keys, String key) {
        return SpecYaml.scalarText(node(keys, key), "metadata." + key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Node node, String path) {
        return node == null ? List.of()
                : (List<String>) SpecYaml.decode(node, STRINGS, path);
    }

    @SuppressWarnings("unchecked")
    private static SortedMap<String, String> stringMap(Node node, String path) {
        return node == null ? new TreeMap<>()
                : new TreeMap<>((Map<String, String>) SpecYaml.decode(node, STRING_MAP, path));
    }

    private static Node compose(String yaml) {
        try {
            return new Compose(LOAD).composeString(yaml)
                    .orElseThrow(() -> new IllegalArgumentException("empty YAML document"));
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String dump(Node node) {
        StringWriter out = new StringWriter();
        new Dump(DUMP).dumpNode(node, new StreamDataWriter() {
            @Override
            public void write(String s) {
                out.write(s);
            }

            @Override
            public void write(String s, int off, int len) {
                out.write(s, off, len);
            }
        });
        return out.toString();
    }
}
