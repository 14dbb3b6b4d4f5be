package dev.anvil.machinery.config.schema;

import java.io.StringWriter;
import java.util.List;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** The one place that configures SnakeYAML Engine for config files: core schema, marks on, no duplicate keys. */
public final class Yaml {

    /** Larger inputs are refused before parsing (a real config is a few tens of kilobytes). */
    public static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

    private Yaml() {
    }

    /** Composes every document of a stream; throws SnakeYAML's exceptions for malformed YAML. */
    public static List<Node> composeAll(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setUseMarks(true)
                .setAllowDuplicateKeys(true) // reported by the decoder, with a path, instead of aborting
                .setMaxAliasesForCollections(100)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setLabel("config")
                .build();
        List<Node> nodes = new java.util.ArrayList<>();
        new Compose(settings).composeAllFromString(text).forEach(nodes::add);
        return nodes;
    }

    /** Writes documents as one stream, separated by {@code ---}. */
    public static String dumpAll(List<? extends Node> documents) {
        DumpSettings settings = DumpSettings.builder()
                .setSchema(new CoreSchema())
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(0)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .build();
        var out = new StringBuilder();
        for (Node document : documents) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            var writer = new Writer();
            new Dump(settings).dumpNode(document, writer);
            out.append(writer);
        }
        return out.toString();
    }

    private static final class Writer extends StringWriter implements StreamDataWriter {
    }
}
