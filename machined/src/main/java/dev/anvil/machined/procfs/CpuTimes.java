package dev.anvil.machined.procfs;

import java.util.List;

/**
 * A cpu line of /proc/stat in seconds, in the kernel's column order: user, nice, system, idle, iowait, irq,
 * softirq, steal, guest, guest_nice (older kernels write fewer columns).
 */
public record CpuTimes(List<Double> seconds) {
    /** A CPU /proc/stat does not list (it is offline). */
    public static final CpuTimes NONE = new CpuTimes(List.of());

    public CpuTimes {
        seconds = List.copyOf(seconds);
    }

    /** The numbers of a cpu line after its name, counted in clock ticks. */
    static CpuTimes fromTicks(String[] fields, int from, long ticksPerSecond) {
        return new CpuTimes(Numbers.unsigned(fields, from, fields.length - from).stream()
                .map(ticks -> (double) ticks / ticksPerSecond).toList());
    }
}
