package dev.anvil.machined.services;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A service's recent output, as lines, bounded in characters: when full, the oldest lines go. Lines are numbered from
 * the start, so a follower that falls behind the ring learns how many it missed instead of silently skipping them.
 * Writers never wait for readers.
 */
public final class LogRing {
    private final int capacityChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long firstNumber;
    private int chars;

    public LogRing(int capacityChars) {
        if (capacityChars < 1) {
            throw new IllegalArgumentException("a log ring needs room for at least one character");
        }
        this.capacityChars = capacityChars;
    }

    /** Adds output; a line is stored once its newline arrives. */
    public void append(byte[] chunk, int length) {
        String text = new String(chunk, 0, length, StandardCharsets.UTF_8);
        lock.lock();
        try {
            int start = 0;
            int newline;
            while ((newline = text.indexOf('\n', start)) >= 0) {
                partial.append(text, start, newline);
                store(partial.toString());
                partial.setLength(0);
                start = newline + 1;
            }
            partial.append(text, start, text.length());
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds a whole line of our own (a note from the supervisor, say). */
    public void appendLine(String line) {
        lock.lock();
        try {
            store(line);
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void store(String line) {
        lines.addLast(line);
        chars += line.length() + 1;
        while (chars > capacityChars && lines.size() > 1) {
            chars -= lines.removeFirst().length() + 1;
            firstNumber++;
        }
    }

    /** The last {@code n} lines (all when n is negative). */
    public List<String> tail(int n) {
        lock.lock();
        try {
            int skip = n < 0 ? 0 : Math.max(lines.size() - n, 0);
            return lines.stream().skip(skip).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Where a follower starting now, after the last {@code n} lines, begins. */
    public long position(int n) {
        lock.lock();
        try {
            return firstNumber + lines.size() - (n < 0 ? lines.size() : Math.min(n, lines.size()));
        } finally {
            lock.unlock();
        }
    }

    /** What a follower got: lines from its position on, and how many it missed because the ring moved past them. */
    public record Chunk(List<String> lines, long missed, long next) {
    }

    /** Waits up to {@code timeout} for lines at or after {@code from}. */
    public Chunk read(long from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long end = firstNumber + lines.size();
            while (from >= end) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Chunk(List.of(), 0, from);
                }
                appended.awaitNanos(left);
                end = firstNumber + lines.size();
            }
            long missed = Math.max(firstNumber - from, 0);
            long start = Math.max(from, firstNumber);
            List<String> out = new ArrayList<>((int) (end - start));
            int index = 0;
            for (String line : lines) {
                if (firstNumber + index >= start) {
                    out.add(line);
                }
                index++;
            }
            return new Chunk(out, missed, end);
        } finally {
            lock.unlock();
        }
    }
}
