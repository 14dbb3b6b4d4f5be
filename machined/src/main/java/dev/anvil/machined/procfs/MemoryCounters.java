package dev.anvil.machined.procfs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /proc/meminfo: each line's name and number, in the file's order. Sizes are kB as the kernel writes them (the
 * "kB" unit is dropped); the HugePages_* lines are counts.
 */
public record MemoryCounters(Map<String, Long> values) {

    public MemoryCounters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static MemoryCounters parse(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] number = line.substring(colon + 1).strip().split("\\s+");
            values.put(line.substring(0, colon).strip(), Long.parseUnsignedLong(number[0]));
        }
        return new MemoryCounters(values);
    }

    /** The named line's number, 0 when this kernel does not write that line. */
    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }
}
