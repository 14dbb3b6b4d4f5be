package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Struct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * {@link Struct} as google.protobuf.Struct on the wire ({@code fields = 1} map of Value: null 1, number 2, string 3,
 * bool 4, struct 5, list 6 of ListValue{values = 1}) and as the plain object in YAML, keys sorted as Go prints maps.
 * Protobuf has only doubles: a whole number comes back as a Long, which {@link Struct} makes of whole doubles anyway.
 */
final class StructCodec {
    private StructCodec() {
    }

    static ProtoWriter encode(Struct struct) {
        return fields(struct.fields());
    }

    private static ProtoWriter fields(Map<String, Object> fields) {
        ProtoWriter w = new ProtoWriter();
        new TreeMap<>(fields).forEach((k, v) -> {
            ProtoWriter entry = new ProtoWriter();
            entry.string(1, k);
            entry.message(2, value(v));
            w.message(1, entry);
        });
        return w;
    }

    @SuppressWarnings("unchecked")
    private static ProtoWriter value(Object v) {
        ProtoWriter w = new ProtoWriter();
        switch (v) {
            case null -> {
                w.tag(1, ProtoWriter.VARINT);
                w.varint(0);
            }
            case Long l -> number(w, l.doubleValue());
            case Double d -> number(w, d);
            case String s -> w.string(3, s);
            case Boolean b -> {
                w.tag(4, ProtoWriter.VARINT);
                w.varint(b ? 1 : 0);
            }
            case Map<?, ?> m -> w.message(5, fields((Map<String, Object>) m));
            case List<?> l -> {
                ProtoWriter list = new ProtoWriter();
                l.forEach(item -> list.message(1, value(item)));
                w.message(6, list);
            }
            default -> throw new IllegalStateException("not a Struct value: " + v.getClass());
        }
        return w;
    }

    private static void number(ProtoWriter w, double d) {
        w.tag(2, ProtoWriter.I64);
        w.fixed64(Double.doubleToRawLongBits(d));
    }

    static Struct decode(ProtoReader r) {
        return Struct.of(readFields(r));
    }

    private static Map<String, Object> readFields(ProtoReader r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (r.hasMore()) {
            int tag = r.tag();
            if (tag >>> 3 != 1 || (tag & 7) != ProtoWriter.LEN) {
                r.skip(tag & 7);
                continue;
            }
            ProtoReader entry = r.message();
            String key = "";
            Object value = null;
            while (entry.hasMore()) {
                int t = entry.tag();
                switch (t >>> 3) {
                    case 1 -> key = entry.string();
                    case 2 -> value = readValue(entry.message());
                    default -> entry.skip(t & 7);
                }
            }
            fields.put(key, value);
        }
        return fields;
    }

    private static Object readValue(ProtoReader r) {
        Object value = null;
        while (r.hasMore()) {
            int tag = r.tag();
            value = switch (tag >>> 3) {
                case 1 -> {
                    r.varint();
                    yield null;
                }
                case 2 -> Double.longBitsToDouble(r.fixed64());
                case 3 -> r.string();
                case 4 -> r.varint() != 0;
                case 5 -> readFields(r.message());
                case 6 -> {
                    ProtoReader list = r.message();
                    List<Object> items = new ArrayList<>();
                    while (list.hasMore()) {
                        int t = list.tag();
                        if (t >>> 3 == 1) {
                            items.add(readValue(list.message()));
                        } else {
                            list.skip(t & 7);
                        }
                    }
                    yield items;
                }
                default -> {
                    r.skip(tag & 7);
                    yield value;
                }
            };
        }
        return value;
    }

    static Node toYaml(Struct struct) {
        return node(struct.fields());
    }

    @SuppressWarnings("unchecked")
    private static Node node(Object v) {
        return switch (v) {
            case null -> SpecYaml.empty();
            case String s -> SpecYaml.text(s);
            case Boolean b -> new ScalarNode(Tag.BOOL, b.toString(), ScalarStyle.PLAIN);
            case Long l -> new ScalarNode(Tag.INT, l.toString(), ScalarStyle.PLAIN);
            case Double d -> new ScalarNode(Tag.FLOAT, d.toString(), ScalarStyle.PLAIN);
            case Map<?, ?> m -> {
                List<NodeTuple> entries = new ArrayList<>();
                new TreeMap<>((Map<String, Object>) m).forEach((k, value) ->
                        entries.add(new NodeTuple(SpecYaml.key(k), node(value))));
                yield new MappingNode(Tag.MAP, entries, FlowStyle.BLOCK);
            }
            case List<?> l -> new SequenceNode(Tag.SEQ, l.stream().map(StructCodec::node).toList(), FlowStyle.BLOCK);
            default -> throw new IllegalStateException("not a Struct value: " + v.getClass());
        };
    }

    static Struct fromYaml(Node node, String path) {
        if (SpecYaml.isNull(node)) {
            return Struct.EMPTY;
        }
        if (!(node instanceof MappingNode)) {
            throw SpecYaml.error(path, "expected a mapping, got a " + node.getNodeType().name().toLowerCase());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) plain(node, path);
        return Struct.of(fields);
    }

    private static Object plain(Node node, String path) {
        return switch (node) {
            case MappingNode m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    String key = SpecYaml.scalarText(t.getKeyNode(), path);
                    map.put(key, plain(t.getValueNode(), SpecYaml.child(path, key)));
                }
                yield map;
            }
            case SequenceNode s -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < s.getValue().size(); i++) {
                    items.add(plain(s.getValue().get(i), path + "[" + i + "]"));
                }
                yield items;
            }
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> null;
            case ScalarNode s when s.getTag().equals(Tag.BOOL) -> Boolean.parseBoolean(s.getValue().toLowerCase());
            case ScalarNode s when s.getTag().equals(Tag.INT) -> parseInt(s.getValue(), path);
            case ScalarNode s when s.getTag().equals(Tag.FLOAT) -> parseFloat(s.getValue(), path);
            case ScalarNode s -> s.getValue();
            default -> throw SpecYaml.error(path, "unexpected YAML node");
        };
    }

    private static Object parseInt(String text, String path) {
        try {
            return Long.decode(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw SpecYaml.error(path, "not an integer: \"" + text + "\"");
        }
    }

    private static Object parseFloat(String text, String path) {
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
