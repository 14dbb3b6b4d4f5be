package dev.anvil.machinery.config.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists every YAML path a record type accepts, depth first in field order: {@code machine.network.interfaces[].mtu}
 * for list items, {@code machine.registries.mirrors.*.endpoints} for map values. The config reference and the
 * schema-coverage test are both built from this list.
 */
public final class SchemaWalker {

    /** One accepted path, with a short description of its YAML type and its annotations (empty when absent). */
    public record Entry(String path, String type, String obsolete, String notImplemented, List<String> mergeKeys,
                        boolean replaceOnMerge) {
    }

    private SchemaWalker() {
    }

    public static List<Entry> walk(Class<?> recordType) {
        List<Entry> entries = new ArrayList<>();
        walk(recordType, "", entries);
        return entries;
    }

    private static void walk(Class<?> recordType, String prefix, List<Entry> out) {
        for (RecordSchema.Field field : RecordSchema.of(recordType).fields()) {
            String path = prefix + field.yamlName();
            out.add(new Entry(path, describe(field.type()), field.obsolete().orElse(""),
                    field.notImplemented().orElse(""), field.mergeKeys(), field.replaceOnMerge()));
            Type type = field.type();
            Class<?> raw = NodeDecoder.rawClass(type);
            if (raw.isRecord() && isModel(raw)) {
                walk(raw, path + ".", out);
            } else if (raw == List.class && recordArgument(type, 0) instanceof Class<?> item) {
                walk(item, path + "[].", out);
            } else if (raw == Map.class && recordArgument(type, 1) instanceof Class<?> value) {
                walk(value, path + ".*.", out);
            }
        }
    }

    private static Object recordArgument(Type type, int index) {
        Type argument = ((ParameterizedType) type).getActualTypeArguments()[index];
        return argument instanceof Class<?> c && c.isRecord() && isModel(c) ? c : null;
    }

    /** The special scalars of this package are records too, but they are leaves. */
    private static boolean isModel(Class<?> type) {
        return type != ArgValue.class && type != IntOrString.class && type != Unstructured.class;
    }

    static String describe(Type type) {
        Class<?> raw = NodeDecoder.rawClass(type);
        if (raw == List.class) {
            return "list of " + describe(NodeDecoder.typeArgument(type, 0));
        } else if (raw == Map.class) {
            return "map of " + describe(NodeDecoder.typeArgument(type, 1));
        }
        return switch (raw.getSimpleName()) {
            case "String" -> "string";
            case "Boolean" -> "boolean";
            case "Integer", "Long" -> "integer";
            case "IntOrString" -> "integer or string";
            case "ArgValue" -> "string or list of strings";
            case "Unstructured" -> "any YAML";
            default -> "mapping";
        };
    }
}
