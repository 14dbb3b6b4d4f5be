package dev.anvil.machinery.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Reads and writes a {@link ClientConfig} as YAML in talosconfig's layout (four-space indentation, as Go writes). */
public final class ClientConfigFile {

    private static final Set<String> KNOWN = Set.of("endpoints", "nodes", "ca", "crt", "key");

    private ClientConfigFile() {
    }

    public static ClientConfig parse(String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel("client config").build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("client config is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return ClientConfig.empty();
        }
        Map<?, ?> top = map(root, "the client config");
        for (Object key : top.keySet()) {
            if (!Set.of("context", "contexts").contains(String.valueOf(key))) {
                throw new IllegalArgumentException("unknown field " + key + " in the client config");
            }
        }
        Map<String, ClientContext> contexts = new LinkedHashMap<>();
        Object all = top.get("contexts");
        if (all != null) {
            map(all, "contexts").forEach((name, value) -> contexts.put(String.valueOf(name),
                    context(map(value == null ? Map.of() : value, "contexts." + name), "contexts." + name)));
        }
        return new ClientConfig(string(top.get("context"), "context"), contexts);
    }

    public static String encode(ClientConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("context", config.context());
        Map<String, Object> contexts = new LinkedHashMap<>();
        config.contexts().forEach((name, context) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("endpoints", context.endpoints());
            if (!context.nodes().isEmpty()) {
                fields.put("nodes", context.nodes());
            }
            putIfSet(fields, "ca", context.ca());
            putIfSet(fields, "crt", context.crt());
            putIfSet(fields, "key", context.key());
            fields.putAll(context.other());
            contexts.put(name, fields);
        });
        root.put("contexts", contexts);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(4)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE)
                .setSplitLines(false).build();
        return new Dump(settings).dumpToString(root);
    }

    private static ClientContext context(Map<?, ?> fields, String path) {
        Map<String, Object> other = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!KNOWN.contains(String.valueOf(k))) {
                other.put(String.valueOf(k), v);
            }
        });
        return new ClientContext(strings(fields.get("endpoints"), path + ".endpoints"),
                strings(fields.get("nodes"), path + ".nodes"), string(fields.get("ca"), path + ".ca"),
                string(fields.get("crt"), path + ".crt"), string(fields.get("key"), path + ".key"), other);
    }

    private static void putIfSet(Map<String, Object> fields, String key, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(key, value);
        }
    }

    private static Map<?, ?> map(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(path + " must be a mapping");
    }

    private static String string(Object value, String path) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(path + " must be a string");
    }

    private static List<String> strings(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> string(item, path)).toList();
        }
        throw new IllegalArgumentException(path + " must be a list of strings");
    }
}
