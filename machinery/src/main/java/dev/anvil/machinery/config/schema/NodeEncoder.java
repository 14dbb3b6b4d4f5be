package dev.anvil.machinery.config.schema;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The inverse of {@link NodeDecoder}: a config value becomes a YAML node tree. Records write their non-null fields
 * in declaration order; strings are tagged as strings, so the emitter quotes any that would otherwise read back as
 * a number or boolean. Decoding the result gives back an equal value.
 */
public final class NodeEncoder {

    private NodeEncoder() {
    }

    public static Node encode(Object value) {
        return switch (value) {
            case null -> scalar(Tag.NULL, "null");
            case String s -> string(s);
            case Boolean b -> scalar(Tag.BOOL, b.toString());
            case Integer i -> scalar(Tag.INT, i.toString());
            case Long l -> scalar(Tag.INT, l.toString());
            case BigInteger b -> scalar(Tag.INT, b.toString());
            case Double d -> scalar(Tag.FLOAT, floatText(d));
            case IntOrString q -> q.isNumber() ? scalar(Tag.INT, q.text()) : string(q.text());
            case ArgValue a -> a.single() != null ? string(a.single()) : encode(a.many());
            case Unstructured u -> encode(u.value());
            case List<?> list -> sequence(list);
            case Map<?, ?> map -> mapping(map);
            case Record r -> record(r);
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
        };
    }

    /** A mapping node for a record, with the given header entries first (a document's apiVersion and kind). */
    public static MappingNode record(Record value, Map<String, String> header) {
        List<NodeTuple> tuples = new ArrayList<>();
        header.forEach((k, v) -> tuples.add(new NodeTuple(string(k), string(v))));
        for (RecordSchema.Field field : RecordSchema.of(value.getClass()).fields()) {
            Object fieldValue = field.valueOf(value);
            if (fieldValue != null) {
                tuples.add(new NodeTuple(string(field.yamlName()), encode(fieldValue)));
            }
        }
        return new MappingNode(Tag.MAP, tuples, FlowStyle.BLOCK);
    }

    private static MappingNode record(Record value) {
        return record(value, Map.of());
    }

    private static SequenceNode sequence(List<?> list) {
        List<Node> items = new ArrayList<>(list.size());
        list.forEach(item -> items.add(encode(item)));
        return new SequenceNode(Tag.SEQ, items, list.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
    }

    private static MappingNode mapping(Map<?, ?> map) {
        List<NodeTuple> tuples = new ArrayList<>(map.size());
        map.forEach((k, v) -> tuples.add(new NodeTuple(string(String.valueOf(k)), encode(v))));
        return new MappingNode(Tag.MAP, tuples, map.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK);
    }

    private static ScalarNode string(String s) {
        boolean multiline = s.contains("\n") && !s.contains("\r") && !s.endsWith(" ");
        return new ScalarNode(Tag.STR, true, s, multiline ? ScalarStyle.LITERAL : ScalarStyle.PLAIN,
                Optional.empty(), Optional.empty());
    }

    private static ScalarNode scalar(Tag tag, String text) {
        return new ScalarNode(tag, true, text, ScalarStyle.PLAIN, Optional.empty(), Optional.empty());
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }
}
