package dev.anvil.machined.procfs;

import java.util.ArrayList;
import java.util.List;

/** /proc writes counters as unsigned 64-bit decimals; Java keeps them in a long of the same bits. */
final class Numbers {
    private Numbers() {
    }

    static long unsigned(String field) {
        return Long.parseUnsignedLong(field);
    }

    /** {@code count} fields from {@code from} on. */
    static List<Long> unsigned(String[] fields, int from, int count) {
        List<Long> values = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            values.add(unsigned(fields[i]));
        }
        return values;
    }
}
