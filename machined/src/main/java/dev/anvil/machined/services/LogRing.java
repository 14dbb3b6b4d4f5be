package dev.anvil.machined.services;

import dev.anvil.machined.events.BoundedHistory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A service's recent output as lines, bounded in characters (the oldest lines go first). A line is kept once its
 * newline arrives. Followers read by line number and learn how many lines they missed if they fell behind.
 */
public final class LogRing {
    private final BoundedHistory<String> lines;
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onLine;

    public LogRing(int capacityChars) {
        this(capacityChars, line -> { });
    }

    /** A ring that also hands each whole line to {@code onLine} (log shipping), which must be quick. */
    public LogRing(int capacityChars, Consumer<String> onLine) {
        this.lines = new BoundedHistory<>(capacityChars, line -> line.length() + 1L);
        this.onLine = onLine;
    }

    /** Adds output from the service; called by one pumping thread. */
    public synchronized void append(byte[] chunk, int length) {
        String text = new String(chunk, 0, length, StandardCharsets.UTF_8);
        int start = 0;
        int newline;
        while ((newline = text.indexOf('\n', start)) >= 0) {
            partial.append(text, start, newline);
            String line = partial.toString();
            lines.append(n -> line);
            onLine.accept(line);
            partial.setLength(0);
            start = newline + 1;
        }
        partial.append(text, start, text.length());
    }

    /** Adds a whole line of our own (a note from the supervisor). */
    public void appendLine(String line) {
        lines.append(n -> line);
        onLine.accept(line);
    }

    /** The last {@code n} lines (all when n is negative). */
    public List<String> tail(int n) {
        try {
            return lines.read(lines.tail(n), Duration.ZERO).items();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Where a follower that first wants the last {@code n} lines starts. */
    public long position(int n) {
        return lines.tail(n);
    }

    public BoundedHistory.Chunk<String> read(long from, Duration timeout) throws InterruptedException {
        return lines.read(from, timeout);
    }
}
