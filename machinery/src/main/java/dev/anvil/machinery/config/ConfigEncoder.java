package dev.anvil.machinery.config;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.UnimplementedDocument;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.NodeEncoder;
import dev.anvil.machinery.config.schema.Yaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Writes a config back as a YAML stream. The output is canonical (fields in model order, unset fields left out), so
 * encoding is stable: loading the output and encoding again gives the same text, and the same documents.
 */
public final class ConfigEncoder {

    private ConfigEncoder() {
    }

    public static String encode(ConfigBundle config) {
        List<Node> nodes = config.documents().stream().map(ConfigEncoder::encode).toList();
        return Yaml.dumpAll(nodes);
    }

    static Node encode(ConfigDocument document) {
        return switch (document) {
            case V1Alpha1 v -> NodeEncoder.record(v, Map.of());
            case UnimplementedDocument u -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("apiVersion", u.apiVersion());
                body.put("kind", u.kind());
                if (u.body().value() instanceof Map<?, ?> fields) {
                    fields.forEach((k, v) -> body.put(String.valueOf(k), v));
                }
                yield NodeEncoder.encode(body);
            }
            default -> {
                Map<String, String> header = new LinkedHashMap<>();
                header.put("apiVersion", document.apiVersion());
                header.put("kind", document.kind());
                yield NodeEncoder.record((Record) document, header);
            }
        };
    }
}
