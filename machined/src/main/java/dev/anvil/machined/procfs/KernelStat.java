package dev.anvil.machined.procfs;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/stat: CPU time (all CPUs, then each by its number, an offline one as {@link CpuTimes#NONE}), interrupts
 * (the total, then the count of each numbered one), context switches, the boot time (seconds since the epoch),
 * processes created, running and blocked, and soft interrupts (the total, then each kind in the kernel's order: HI,
 * TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU).
 */
public record KernelStat(CpuTimes cpuTotal, List<CpuTimes> cpus, long irqTotal, List<Long> irqs,
        long contextSwitches, long bootTime, long processesCreated, long processesRunning, long processesBlocked,
        long softIrqTotal, List<Long> softIrqs) {

    public KernelStat {
        cpus = List.copyOf(cpus);
        irqs = List.copyOf(irqs);
        softIrqs = List.copyOf(softIrqs);
    }

    public static KernelStat parse(String text, long ticksPerSecond) {
        CpuTimes total = CpuTimes.NONE;
        List<CpuTimes> cpus = new ArrayList<>();
        List<Long> irqs = List.of();
        List<Long> softIrqs = List.of();
        long irqTotal = 0;
        long softIrqTotal = 0;
        long contextSwitches = 0;
        long bootTime = 0;
        long created = 0;
        long running = 0;
        long blocked = 0;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            switch (f[0]) {
                case "cpu" -> total = CpuTimes.fromTicks(f, 1, ticksPerSecond);
                case "intr" -> {
                    irqTotal = number(f[1]);
                    irqs = numbers(f, 2);
                }
                case "softirq" -> {
                    softIrqTotal = number(f[1]);
                    softIrqs = numbers(f, 2);
                }
                case "ctxt" -> contextSwitches = number(f[1]);
                case "btime" -> bootTime = number(f[1]);
                case "processes" -> created = number(f[1]);
                case "procs_running" -> running = number(f[1]);
                case "procs_blocked" -> blocked = number(f[1]);
                default -> {
                    if (f[0].startsWith("cpu")) {
                        int cpu = Integer.parseInt(f[0].substring(3));
                        while (cpus.size() <= cpu) {
                            cpus.add(CpuTimes.NONE);
                        }
                        cpus.set(cpu, CpuTimes.fromTicks(f, 1, ticksPerSecond));
                    }
                }
            }
        }
        return new KernelStat(total, cpus, irqTotal, irqs, contextSwitches, bootTime, created, running, blocked,
                softIrqTotal, softIrqs);
    }

    private static long number(String field) {
        return Numbers.unsigned(field);
    }

    private static List<Long> numbers(String[] fields, int from) {
        return Numbers.unsigned(fields, from, fields.length - from);
    }
}
