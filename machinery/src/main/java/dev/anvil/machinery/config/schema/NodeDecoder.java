package dev.anvil.machinery.config.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns a composed YAML node into a config value of a given Java type, driven only by the type: records (by their
 * components), {@code List<T>}, {@code Map<String, T>}, {@code String}, {@code Boolean}, {@code Integer},
 * {@code Long} and the special scalars of this package. It never throws on bad input: every unknown key, wrong type
 * or bad number is reported to {@link Problems} with its path and line, the offending value decodes to null, and
 * decoding goes on so that one pass finds every problem.
 */
public final class NodeDecoder {

    /** Deeper than any real config; guards the recursion over unstructured YAML. */
    static final int MAX_DEPTH = 200;

    private final Problems problems;

    public NodeDecoder(Problems problems) {
        this.problems = problems;
    }

    public Object decode(Node node, Type type, String path) {
        return decode(node, type, path, 0);
    }

    /** Decodes a mapping into a record, skipping the given keys (the document header, decoded by the caller). */
    public Object decodeRecord(Node node, Class<?> type, String path, Set<String> skipKeys) {
        problems.seen(path, node);
        return decodeRecord(node, type, path, skipKeys, 0);
    }

    private Object decode(Node node, Type type, String path, int depth) {
        problems.seen(path, node);
        if (isNull(node)) {
            return null;
        }
        if (node.isRecursive()) {
            problems.error(path, node, "recursive alias is not allowed");
            return null;
        }
        if (depth > MAX_DEPTH) {
            problems.error(path, node, "nested deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return scalar(node, path, "a string");
        } else if (raw == Boolean.class) {
            return bool(node, path);
        } else if (raw == Integer.class || raw == Long.class) {
            return integer(node, path, raw == Integer.class);
        } else if (raw == IntOrString.class) {
            String text = scalar(node, path, "a number or a string");
            return text == null ? null : new IntOrString(text, node.getTag().equals(Tag.INT));
        } else if (raw == ArgValue.class) {
            return argValue(node, path, depth);
        } else if (raw == Unstructured.class) {
            return new Unstructured(plain(node, path, depth));
        } else if (raw == List.class) {
            return list(node, typeArgument(type, 0), path, depth);
        } else if (raw == Map.class) {
            return map(node, typeArgument(type, 1), path, depth);
        } else if (raw.isRecord()) {
            return decodeRecord(node, raw, path, Set.of(), depth);
        }
        throw new IllegalArgumentException("the config model uses a type the decoder does not know: " + type);
    }

    private Object decodeRecord(Node node, Class<?> type, String path, Set<String> skipKeys, int depth) {
        if (!(node instanceof MappingNode mapping)) {
            problems.error(path, node, "expected a mapping, got " + describe(node));
            return null;
        }
        RecordSchema schema = RecordSchema.of(type);
        Object[] values = new Object[schema.fields().size()];
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple.getKeyNode(), path);
            if (key == null || skipKeys.contains(key)) {
                continue;
            }
            String fieldPath = join(path, key);
            if (!seen.add(key)) {
                problems.error(fieldPath, tuple.getKeyNode(), "duplicate key \"" + key + "\"");
                continue;
            }
            var field = schema.field(key);
            if (field.isEmpty()) {
                problems.error(fieldPath, tuple.getKeyNode(), "unknown field \"" + key + "\"");
                continue;
            }
            Object value = decode(tuple.getValueNode(), field.get().type(), fieldPath, depth + 1);
            if (value != null) {
                field.get().obsolete().ifPresent(advice ->
                        problems.warning(fieldPath, tuple.getKeyNode(), "obsolete field: " + advice));
                field.get().notImplemented().filter(feature -> !isEmptyValue(value)).ifPresent(feature ->
                        problems.notImplemented(fieldPath, tuple.getKeyNode(),
                                "Anvil does not implement " + feature + " yet; this setting has no effect"));
            }
            values[schema.position(field.get())] = value;
        }
        try {
            return schema.construct(values);
        } catch (RuntimeException e) {
            problems.error(path, node, e.getMessage());
            return null;
        }
    }

    /**
     * True for values that configure nothing: an empty list or map, or a record whose fields are all empty.
     * {@code talosctl gen config} writes such placeholders (e.g. {@code registries: {}}), so they are not reported
     * as unimplemented settings.
     */
    static boolean isEmptyValue(Object value) {
        return switch (value) {
            case null -> true;
            case List<?> l -> l.isEmpty();
            case Map<?, ?> m -> m.isEmpty();
            case Unstructured u -> false;
            case Record r -> RecordSchema.of(r.getClass()).fields().stream().allMatch(f -> isEmptyValue(f.valueOf(r)));
            default -> false;
        };
    }

    private List<Object> list(Node node, Type element, String path, int depth) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.error(path, node, "expected a list, got " + describe(node));
            return null;
        }
        List<Object> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Object item = decode(items.get(i), element, path + "[" + i + "]", depth + 1);
            if (item != null) {
                result.add(item);
            } else if (isNull(items.get(i))) {
                problems.error(path + "[" + i + "]", items.get(i), "list items must not be null");
            }
        }
        return List.copyOf(result);
    }

    private Map<String, Object> map(Node node, Type valueType, String path, int depth) {
        if (!(node instanceof MappingNode mapping)) {
            problems.error(path, node, "expected a mapping, got " + describe(node));
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            if (result.containsKey(key)) {
                problems.error(join(path, key), tuple.getKeyNode(), "duplicate key \"" + key + "\"");
                continue;
            }
            Object value = decode(tuple.getValueNode(), valueType, join(path, key), depth + 1);
            if (value == null && valueType != Unstructured.class) {
                value = valueType == String.class ? "" : null;
            }
            if (value != null) {
                result.put(key, value);
            }
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    private ArgValue argValue(Node node, String path, int depth) {
        if (node instanceof SequenceNode) {
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) (List<?>) list(node, String.class, path, depth);
            return items == null ? null : ArgValue.of(items);
        }
        String text = scalar(node, path, "a string or a list of strings");
        return text == null ? null : ArgValue.of(text);
    }

    /** Unstructured YAML as plain Java values; scalars keep the type YAML's core schema gives them. */
    private Object plain(Node node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            problems.error(path, node, "nested deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        if (node.isRecursive()) {
            problems.error(path, node, "recursive alias is not allowed");
            return null;
        }
        return switch (node) {
            case ScalarNode s -> plainScalar(s);
            case SequenceNode s -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < s.getValue().size(); i++) {
                    items.add(plain(s.getValue().get(i), path + "[" + i + "]", depth + 1));
                }
                yield java.util.Collections.unmodifiableList(items);
            }
            case MappingNode m -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    String key = key(t.getKeyNode(), path);
                    if (key != null) {
                        entries.put(key, plain(t.getValueNode(), join(path, key), depth + 1));
                    }
                }
                yield java.util.Collections.unmodifiableMap(entries);
            }
            default -> null;
        };
    }

    private static Object plainScalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        } else if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        } else if (tag.equals(Tag.INT)) {
            BigInteger big = parseInteger(v);
            if (big == null) {
                return v;
            }
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        } else if (tag.equals(Tag.FLOAT)) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
                case "-.inf" -> Double.NEGATIVE_INFINITY;
                case ".nan" -> Double.NaN;
                default -> Double.parseDouble(v);
            };
        }
        return v;
    }

    private String scalar(Node node, String path, String expected) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problems.error(path, node, "expected " + expected + ", got " + describe(node));
        return null;
    }

    private Boolean bool(Node node, String path) {
        String text = scalar(node, path, "true or false");
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> {
                problems.error(path, node, "expected true or false, got \"" + text + "\"");
                yield null;
            }
        };
    }

    private Object integer(Node node, String path, boolean intRange) {
        String text = scalar(node, path, "an integer");
        if (text == null) {
            return null;
        }
        BigInteger value = parseInteger(text);
        long min = intRange ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = intRange ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (value == null || value.bitLength() >= 64 || value.longValue() < min || value.longValue() > max) {
            problems.error(path, node, value == null
                    ? "expected an integer, got \"" + text + "\""
                    : "integer out of range: " + text);
            return null;
        }
        return intRange ? (Object) value.intValue() : (Object) value.longValue();
    }

    /** Decimal, {@code 0x} hex, {@code 0o} or leading-zero octal and {@code 0b} binary, optionally signed. */
    static BigInteger parseInteger(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.startsWith("0o") || t.startsWith("0O")) {
            radix = 8;
            t = t.substring(2);
        } else if (t.startsWith("0b") || t.startsWith("0B")) {
            radix = 2;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            BigInteger value = new BigInteger(t, radix);
            return negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String key(Node keyNode, String path) {
        if (keyNode instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        problems.error(path, keyNode, "mapping keys must be strings");
        return null;
    }

    static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s -> "\"" + s.getValue() + "\"";
            default -> "something else";
        };
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
