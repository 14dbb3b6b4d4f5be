package dev.anvil.ctl.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The newest lines of one node's log, at most {@code capacity}. Chunks may end within a line; the unfinished rest is
 * kept until its newline comes. Thread-safe: one thread feeds it, the screen reads it.
 */
final class LogTail {
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private String error;

    LogTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(byte[] chunk) {
        error = null;
        String text = new String(chunk, StandardCharsets.UTF_8);
        int start = 0;
        int newline;
        while ((newline = text.indexOf('\n', start)) >= 0) {
            partial.append(text, start, newline);
            keep(partial.toString());
            partial.setLength(0);
            start = newline + 1;
        }
        partial.append(text, start, text.length());
    }

    /** The stream broke: the lines stay, the error is shown beside them until lines come again. */
    synchronized void failed(String why) {
        error = why;
        partial.setLength(0);
    }

    /** A new stream starts with the node's tail again: what was kept would come twice. */
    synchronized void restart() {
        lines.clear();
        partial.setLength(0);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String error() {
        return error;
    }

    private void keep(String line) {
        lines.addLast(line.replace('\t', ' ').replace("\r", ""));
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }
}
