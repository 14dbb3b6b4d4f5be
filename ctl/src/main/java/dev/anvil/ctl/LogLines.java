package dev.anvil.ctl;

import com.google.protobuf.ByteString;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log bytes come in chunks cut anywhere (even inside a character), one stream of them per node. This keeps each
 * node's unfinished line until its newline comes, so lines are printed whole, {@code NODE: LINE}, and the lines of
 * several nodes never mix within a line. Not thread-safe: one reader feeds it.
 */
final class LogLines {
    private final Map<String, ByteArrayOutputStream> pending = new TreeMap<>();

    /** The lines the chunk completes, each prefixed by its node. */
    List<String> add(String node, ByteString chunk) {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream kept = pending.computeIfAbsent(node, n -> new ByteArrayOutputStream());
        byte[] bytes = chunk.toByteArray();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                kept.write(bytes, start, i - start);
                lines.add(line(node, kept));
                start = i + 1;
            }
        }
        kept.write(bytes, start, bytes.length - start);
        return lines;
    }

    /** The unfinished lines left when the streams ended, by node name. */
    List<String> rest() {
        List<String> lines = new ArrayList<>();
        pending.forEach((node, kept) -> {
            if (kept.size() > 0) {
                lines.add(line(node, kept));
            }
        });
        return lines;
    }

    private static String line(String node, ByteArrayOutputStream kept) {
        String text = kept.toString(StandardCharsets.UTF_8);
        kept.reset();
        return node + ": " + text;
    }
}
