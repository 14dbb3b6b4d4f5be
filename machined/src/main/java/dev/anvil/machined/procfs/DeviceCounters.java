package dev.anvil.machined.procfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A device's row of counters from /proc/net/dev or /proc/diskstats, in the file's column order. */
public record DeviceCounters(String name, List<Long> values) {
    /** Disk counters kept: read, write and discard ones; the flush ones of kernels since 5.5 are not reported. */
    private static final int DISK_COLUMNS = 15;

    public DeviceCounters {
        values = List.copyOf(values);
    }

    /**
     * /proc/net/dev: two header lines, then "name: " and 16 numbers (receive: bytes, packets, errs, drop, fifo,
     * frame, compressed, multicast; transmit: bytes, packets, errs, drop, fifo, colls, carrier, compressed). A wide
     * first number may follow the colon without a space.
     */
    public static List<DeviceCounters> parseNetDev(String text) {
        List<DeviceCounters> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).strip().split("\\s+");
            rows.add(new DeviceCounters(line.substring(0, colon).strip(), Numbers.unsigned(fields, 0, fields.length)));
        }
        return rows;
    }

    /**
     * /proc/diskstats: major, minor, name, then the counters (read: completed, merged, sectors, ms; write: the
     * same; I/Os in progress, I/O ms, weighted I/O ms; since Linux 4.18 discard: completed, merged, sectors, ms).
     */
    public static List<DeviceCounters> parseDiskStats(String text) {
        List<DeviceCounters> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            int columns = Math.min(DISK_COLUMNS, fields.length - 3);
            rows.add(new DeviceCounters(fields[2], Numbers.unsigned(fields, 3, columns)));
        }
        return rows;
    }

    /** Every column summed over the rows, under the given name. */
    public static DeviceCounters total(String name, List<DeviceCounters> rows) {
        long[] sums = new long[rows.stream().mapToInt(r -> r.values().size()).max().orElse(0)];
        for (DeviceCounters row : rows) {
            for (int i = 0; i < row.values().size(); i++) {
                sums[i] += row.values().get(i);
            }
        }
        return new DeviceCounters(name, Arrays.stream(sums).boxed().toList());
    }
}
