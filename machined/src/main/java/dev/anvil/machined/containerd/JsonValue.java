package dev.anvil.machined.containerd;

import dev.anvil.machined.log.Log;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON as containerd and OCI speak it: written from maps (kept in their order), lists, strings, numbers and booleans;
 * read into the same (JSON is YAML 1.2, so the YAML loader machinery uses reads it).
 */
final class JsonValue {
    private JsonValue() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> out.append(Log.jsonString(s));
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",").append(Log.jsonString(e.getKey().toString())).append(':');
                    write(out, e.getValue());
                    first = false;
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON for " + value.getClass().getName());
        }
    }

    /** A JSON object; fails with a message naming {@code what} when the text is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(byte[] json, String what) {
        Object value;
        try {
            value = new Load(LoadSettings.builder().build()).loadFromString(new String(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
