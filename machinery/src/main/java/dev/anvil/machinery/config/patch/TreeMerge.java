package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.schema.NodeDecoder;
import dev.anvil.machinery.config.schema.Problems;
import dev.anvil.machinery.config.schema.RecordSchema;
import dev.anvil.machinery.config.schema.Unstructured;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Talos's strategic merge of one YAML document into another, on node trees and guided by the model's types.
 * Mappings merge key by key; scalars are replaced, except that a null, an empty string or a zero number in the
 * patch keeps the old value (Go's zero values, which Talos's merge skips; booleans always replace); lists are appended,
 * except lists marked {@code @MergeKey} (items with an equal key merge) and fields marked {@code @ReplaceOnMerge}.
 * Extra-args maps merge per flag but replace each flag's value. {@code $patch: delete} as a key's value deletes the
 * key; as a list item it deletes the items that match its first other key and value. Unknown keys are merged
 * without guidance; loading the result reports them.
 */
final class TreeMerge {

    static final String DIRECTIVE = "$patch";

    /** How to merge the value at one place in a document. */
    record Slot(Type type, List<String> mergeKeys, boolean replace) {
        static Slot of(Type type) {
            return new Slot(type, List.of(), false);
        }

        static final Slot UNSTRUCTURED = of(null);
    }

    private TreeMerge() {
    }

    static Node merge(Node left, Node right, Slot slot) {
        if (isNull(right)) {
            return left;
        }
        if (isLeaf(slot.type()) && isZero(right, raw(slot.type()))) {
            return left;
        }
        if (slot.replace() || isLeaf(slot.type())) {
            return strip(right);
        }
        if (left instanceof MappingNode l && right instanceof MappingNode r) {
            return mergeMappings(l, r, slot);
        }
        if (left instanceof SequenceNode l && right instanceof SequenceNode r) {
            return mergeLists(l, r, itemSlot(slot), slot.mergeKeys());
        }
        return strip(right);
    }

    static boolean isDelete(Node node) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(DIRECTIVE)
                        && t.getValueNode() instanceof ScalarNode v && v.getValue().equals("delete")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A patch value without its directives, for places where there is nothing to merge into. */
    static Node strip(Node node) {
        return switch (node) {
            case MappingNode m -> {
                List<NodeTuple> tuples = new ArrayList<>();
                for (NodeTuple t : m.getValue()) {
                    if (!isDirectiveKey(t.getKeyNode()) && !isDelete(t.getValueNode())) {
                        tuples.add(new NodeTuple(t.getKeyNode(), strip(t.getValueNode())));
                    }
                }
                yield new MappingNode(m.getTag(), tuples, FlowStyle.BLOCK);
            }
            case SequenceNode s -> new SequenceNode(s.getTag(),
                    s.getValue().stream().filter(item -> !isDelete(item)).map(TreeMerge::strip).toList(),
                    FlowStyle.BLOCK);
            default -> node;
        };
    }

    private static MappingNode mergeMappings(MappingNode left, MappingNode right, Slot slot) {
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple t : left.getValue()) {
            result.put(keyOf(t), t);
        }
        for (NodeTuple t : right.getValue()) {
            String key = keyOf(t);
            if (isDirectiveKey(t.getKeyNode())) {
                continue;
            }
            if (isDelete(t.getValueNode())) {
                result.remove(key);
                continue;
            }
            NodeTuple existing = result.get(key);
            Node value = existing == null ? strip(t.getValueNode())
                    : merge(existing.getValueNode(), t.getValueNode(), childSlot(slot, key));
            result.put(key, new NodeTuple(existing == null ? t.getKeyNode() : existing.getKeyNode(), value));
        }
        return new MappingNode(left.getTag(), new ArrayList<>(result.values()), FlowStyle.BLOCK);
    }

    private static SequenceNode mergeLists(SequenceNode left, SequenceNode right, Slot itemSlot,
                                           List<String> mergeKeys) {
        List<Node> result = new ArrayList<>(left.getValue());
        for (Node item : right.getValue()) {
            if (isDelete(item)) {
                NodeTuple selector = firstNonDirective((MappingNode) item);
                if (selector != null) {
                    result.removeIf(existing -> same(valueOf(existing, keyOf(selector)), selector.getValueNode()));
                }
                continue;
            }
            int match = mergeKeys.isEmpty() ? -1 : indexOfMatch(result, item, mergeKeys);
            if (match >= 0) {
                result.set(match, merge(result.get(match), item, itemSlot));
            } else {
                result.add(strip(item));
            }
        }
        return new SequenceNode(left.getTag(), result, FlowStyle.BLOCK);
    }

    private static int indexOfMatch(List<Node> items, Node item, List<String> keys) {
        for (String key : keys) {
            Node wanted = valueOf(item, key);
            if (wanted == null || isNull(wanted)) {
                continue;
            }
            for (int i = 0; i < items.size(); i++) {
                if (same(valueOf(items.get(i), key), wanted)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Slot childSlot(Slot slot, String key) {
        if (slot.type() == null) {
            return Slot.UNSTRUCTURED;
        }
        Class<?> raw = raw(slot.type());
        if (raw.isRecord() && raw != Unstructured.class) {
            return RecordSchema.of(raw).field(key)
                    .map(f -> new Slot(f.type(), f.mergeKeys(), f.replaceOnMerge()))
                    .orElse(Slot.UNSTRUCTURED);
        }
        if (raw == Map.class) {
            return Slot.of(((ParameterizedType) slot.type()).getActualTypeArguments()[1]);
        }
        return Slot.UNSTRUCTURED;
    }

    private static Slot itemSlot(Slot slot) {
        if (slot.type() != null && raw(slot.type()) == List.class) {
            return Slot.of(((ParameterizedType) slot.type()).getActualTypeArguments()[0]);
        }
        return Slot.UNSTRUCTURED;
    }

    private static boolean isZero(Node node, Class<?> type) {
        if (!(node instanceof ScalarNode s)) {
            return false;
        }
        if (type == String.class || type == IntOrString.class) {
            return s.getValue().isEmpty();
        }
        return (type == Integer.class || type == Long.class) && s.getValue().equals("0");
    }

    private static boolean isLeaf(Type type) {
        if (type == null) {
            return false;
        }
        Class<?> raw = raw(type);
        return raw == String.class || raw == Boolean.class || raw == Integer.class || raw == Long.class
                || raw == IntOrString.class || raw == ArgValue.class;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Node valueOf(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(keyOf(t))) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static NodeTuple firstNonDirective(MappingNode item) {
        return item.getValue().stream().filter(t -> !isDirectiveKey(t.getKeyNode())).findFirst().orElse(null);
    }

    /** Equal in meaning: compared as plain values, so formatting and key order do not matter. */
    private static boolean same(Node a, Node b) {
        if (a == null || b == null || isNull(a) || isNull(b)) {
            return false;
        }
        var problems = new Problems(false);
        var decoder = new NodeDecoder(problems);
        Object left = ((Unstructured) decoder.decode(a, Unstructured.class, "")).value();
        Object right = ((Unstructured) decoder.decode(b, Unstructured.class, "")).value();
        return Objects.equals(left, right);
    }

    private static boolean isDirectiveKey(Node key) {
        return key instanceof ScalarNode s && s.getValue().equals(DIRECTIVE);
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }
}
