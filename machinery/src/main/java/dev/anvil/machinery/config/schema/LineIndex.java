package dev.anvil.machinery.config.schema;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each decoded path of each document started in the input, so that problems found later (by validation, on
 * records that no longer carry positions) can still name a line. A path that was not decoded itself (e.g. a missing
 * required field) gets the line of its nearest decoded parent.
 */
public final class LineIndex {

    private final Map<String, Integer> lines = new HashMap<>();

    void put(String document, String path, int line) {
        lines.putIfAbsent(document + "\u0000" + path, line);
    }

    public int line(String document, String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(document + "\u0000" + p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
