package dev.anvil.ctl.api;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed in aligned columns, three spaces apart, as talosctl's tables are. Like Go's tabwriter, each
 * {@link #print} aligns and prints the rows added since the previous one (the headers with the first), so a
 * streaming command can print a block, then one row at a time.
 */
public final class Table {
    private final int columns;
    private final List<List<String>> pending = new ArrayList<>();

    public Table(String... headers) {
        this(List.of(headers));
    }

    public Table(List<String> headers) {
        columns = headers.size();
        pending.add(List.copyOf(headers));
    }

    public Table row(Object... cells) {
        return row(List.of(cells));
    }

    public Table row(List<?> cells) {
        if (cells.size() != columns) {
            throw new IllegalArgumentException(cells.size() + " cells for " + columns + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        pending.add(row);
        return this;
    }

    public void print(PrintWriter out) {
        lines().forEach(out::println);
        out.flush();
    }

    /** The rows added since the last print, aligned, as lines (which counts as printing them). */
    public List<String> lines() {
        int[] widths = new int[columns];
        for (List<String> row : pending) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : pending) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.repeat(' ', widths[i] - row.get(i).length() + 3);
                }
            }
            lines.add(line.toString());
        }
        pending.clear();
        return lines;
    }
}
