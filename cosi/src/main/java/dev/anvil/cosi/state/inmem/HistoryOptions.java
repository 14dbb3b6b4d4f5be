package dev.anvil.cosi.state.inmem;

/**
 * The size of each kind's event history. It starts at {@code initialCapacity} events and doubles while still on its
 * first lap, up to {@code maxCapacity}. A watch that falls more than the capacity behind ends with an error. Tail
 * and bookmark starts keep {@code gap} events away from the oldest one, which a writer may be overwriting.
 */
public record HistoryOptions(int initialCapacity, int maxCapacity, int gap) {
    public static final HistoryOptions DEFAULT = new HistoryOptions(100, 100, 5);

    public HistoryOptions {
        if (initialCapacity < 1 || maxCapacity < initialCapacity) {
            throw new IllegalArgumentException("history capacity must be 1 <= initial <= max, got "
                    + initialCapacity + " and " + maxCapacity);
        }
        if (gap < 0 || gap >= maxCapacity) {
            throw new IllegalArgumentException("history gap must be 0 <= gap < max capacity, got " + gap);
        }
    }

    public static HistoryOptions fixed(int capacity, int gap) {
        return new HistoryOptions(capacity, capacity, gap);
    }
}
