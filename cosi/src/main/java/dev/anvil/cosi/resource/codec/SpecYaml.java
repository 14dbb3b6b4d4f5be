package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ValueType.EnumOf;
import dev.anvil.cosi.resource.codec.ValueType.ListOf;
import dev.anvil.cosi.resource.codec.ValueType.MapOf;
import dev.anvil.cosi.resource.codec.ValueType.OptionalOf;
import dev.anvil.cosi.resource.codec.ValueType.RecordOf;
import dev.anvil.cosi.resource.codec.ValueType.Scalar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Spec values to YAML nodes and back. Working on nodes rather than on snakeyaml's Java objects lets the component's
 * declared type, not the YAML resolver, decide what a scalar means ({@code id: 123} is a String when the component
 * is one), and keeps the node positions for error messages. Every error names the YAML path, e.g.
 * {@code spec.addresses[1].mtu}.
 */
final class SpecYaml {
    private SpecYaml() {
    }

    static Node encode(Object value, ValueType type) {
        return switch (type) {
            case Scalar.STRING -> text((String) value);
            case Scalar.BOOLEAN -> scalar(Tag.BOOL, value.toString(), ScalarStyle.PLAIN);
            case Scalar.INT, Scalar.LONG -> scalar(Tag.INT, value.toString(), ScalarStyle.PLAIN);
            case Scalar.DOUBLE -> scalar(Tag.FLOAT, formatDouble((Double) value), ScalarStyle.PLAIN);
            case Scalar.DURATION -> text(GoTime.formatDuration((Duration) value));
            case Scalar.INSTANT -> text(GoTime.formatTimestamp((Instant) value));
            case Scalar.BYTES -> scalar(Tag.BINARY, ((Bytes) value).toBase64(), ScalarStyle.PLAIN);
            case Scalar.STRUCT -> StructCodec.toYaml((dev.anvil.cosi.resource.Struct) value);
            case EnumOf e -> text(e.names().get(value));
            case RecordOf r when r.shape().textForm() -> text(value.toString());
            case RecordOf r when r.shape().inline() -> encode(r.shape().components().getFirst().get(value),
                    r.shape().components().getFirst().type());
            case RecordOf r -> encodeRecord(value, r.shape());
            case ListOf(ValueType element) -> {
                List<Node> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    items.add(encode(item, element));
                }
                yield new SequenceNode(Tag.SEQ, items, FlowStyle.BLOCK);
            }
            case MapOf(ValueType valueType) -> {
                List<NodeTuple> entries = new ArrayList<>();
                // sorted, as Go's YAML encoder sorts map keys: the same spec always prints the same text
                new TreeMap<>((Map<?, ?>) value).forEach((k, v) ->
                        entries.add(new NodeTuple(key((String) k), encode(v, valueType))));
                yield new MappingNode(Tag.MAP, entries, FlowStyle.BLOCK);
            }
            case OptionalOf(ValueType inner) -> encode(((Optional<?>) value).orElseThrow(), inner);
        };
    }

    /**
     * A string value. Multi-line text is a literal block, readable for certificates and configs. The style is
     * chosen here rather than by the emitter, which would print "a:\na" as a plain scalar that parses back as a
     * mapping.
     */
    static Node text(String s) {
        return scalar(Tag.STR, s, hasLineBreak(s) ? ScalarStyle.LITERAL : ScalarStyle.PLAIN);
    }

    /** A mapping key: a multi-line key cannot be a block scalar, so it is double-quoted. */
    static Node key(String s) {
        return scalar(Tag.STR, s, hasLineBreak(s) ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.PLAIN);
    }

    /** Line breaks in YAML 1.1 terms, which the emitter follows. */
    private static boolean hasLineBreak(String s) {
        return s.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029);
    }

    /** A key with no value, printed as {@code key:} (like Go prints an empty owner). */
    static Node empty() {
        return scalar(Tag.NULL, "", ScalarStyle.PLAIN);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static Node scalar(Tag tag, String value, ScalarStyle style) {
        return new ScalarNode(tag, value, style);
    }

    private static Node encodeRecord(Object record, RecordShape shape) {
        List<NodeTuple> entries = new ArrayList<>();
        for (RecordShape.Component c : shape.components()) {
            Object v = c.get(record);
            if (v != null && !(v instanceof Optional<?> o && o.isEmpty())) {
                entries.add(new NodeTuple(key(c.yamlName()), encode(v, c.type())));
            }
        }
        return new MappingNode(Tag.MAP, entries, FlowStyle.BLOCK);
    }

    static Object decode(Node node, ValueType type, String path) {
        return switch (type) {
            case Scalar.STRING -> scalarText(node, path);
            case Scalar.BOOLEAN -> switch (scalarText(node, path).toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(path, "not a boolean: \"" + scalarText(node, path) + "\"");
            };
            case Scalar.INT -> {
                long v = parseLong(node, path);
                if (v != (int) v) {
                    throw error(path, "out of range for an int: " + v);
                }
                yield (int) v;
            }
            case Scalar.LONG -> parseLong(node, path);
            case Scalar.DOUBLE -> parseDouble(scalarText(node, path), path);
            case Scalar.DURATION -> parse(node, path, GoTime::parseDuration);
            case Scalar.INSTANT -> parse(node, path, GoTime::parseTimestamp);
            case Scalar.BYTES -> parse(node, path, Bytes::fromBase64);
            case Scalar.STRUCT -> StructCodec.fromYaml(node, path);
            case EnumOf e -> {
                Object constant = e.byName().get(scalarText(node, path));
                if (constant == null) {
                    throw error(path, "\"" + scalarText(node, path) + "\" is not one of " + e.byName().keySet());
                }
                yield constant;
            }
            case RecordOf r when r.shape().textForm() -> parse(node, path, r.shape()::parse);
            case RecordOf r when r.shape().inline() -> r.shape().construct(new Object[] {isNull(node)
                    ? r.shape().components().getFirst().absent()
                    : decode(node, r.shape().components().getFirst().type(), path)});
            case RecordOf r -> decodeRecord(node, r.shape(), path);
            case ListOf(ValueType element) -> {
                if (!(node instanceof SequenceNode seq)) {
                    throw error(path, "expected a sequence, got " + describe(node));
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < seq.getValue().size(); i++) {
                    items.add(decode(seq.getValue().get(i), element, path + "[" + i + "]"));
                }
                yield Collections.unmodifiableList(items);
            }
            case MapOf(ValueType valueType) -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (NodeTuple t : mapping(node, path)) {
                    String key = scalarText(t.getKeyNode(), path);
                    if (entries.put(key, decode(t.getValueNode(), valueType, child(path, key))) != null) {
                        throw error(path, "duplicate key \"" + key + "\"");
                    }
                }
                yield Collections.unmodifiableMap(entries);
            }
            case OptionalOf(ValueType inner) -> Optional.of(decode(node, inner, path));
        };
    }

    /** A mapping into a record; a null node ({@code spec:}) is a record whose every component is absent. */
    private static Object decodeRecord(Node node, RecordShape shape, String path) {
        List<RecordShape.Component> components = shape.components();
        Object[] values = new Object[components.size()];
        Set<Integer> seen = new HashSet<>();
        for (NodeTuple t : isNull(node) ? List.<NodeTuple>of() : mapping(node, path)) {
            String key = scalarText(t.getKeyNode(), path);
            int index = indexOf(components, key);
            if (index < 0) {
                throw error(child(path, key), "unknown key (" + shape.type().getSimpleName()
                        + " has " + components.stream().map(RecordShape.Component::yamlName).toList() + ")");
            }
            if (!seen.add(index)) {
                throw error(path, "duplicate key \"" + key + "\"");
            }
            if (!isNull(t.getValueNode())) {
                values[index] = decode(t.getValueNode(), components.get(index).type(), child(path, key));
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = components.get(i).absent();
            }
        }
        try {
            return shape.construct(values);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    static List<NodeTuple> mapping(Node node, String path) {
        if (!(node instanceof MappingNode m)) {
            throw error(path, "expected a mapping, got " + describe(node));
        }
        return m.getValue();
    }

    static String scalarText(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            throw error(path, "expected a scalar, got " + describe(node));
        }
        return s.getValue();
    }

    static IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException(path.isEmpty() ? message : path + ": " + message);
    }

    /** The path of a key below {@code path}; the document root is the empty path. */
    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static <T> T parse(Node node, String path, Function<String, T> parser) {
        try {
            return parser.apply(scalarText(node, path));
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    private static int indexOf(List<RecordShape.Component> components, String key) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).yamlName().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static long parseLong(Node node, String path) {
        String text = scalarText(node, path);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(path, "not an integer: \"" + text + "\"");
        }
    }

    /** YAML spells the special values .inf, -.inf and .nan; Java's own text covers every other double exactly. */
    private static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }

    private static double parseDouble(String text, String path) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case ".nan" -> Double.NaN;
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw error(path, "not a number: \"" + text + "\"");
                }
            }
        };
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode ignored -> "a mapping";
            case SequenceNode ignored -> "a sequence";
            default -> "a scalar";
        };
    }
}
