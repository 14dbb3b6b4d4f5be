package dev.anvil.ctl.dashboard;

import dev.anvil.api.machine.CPUStat;

/** The share of CPU time spent busy between two samples of /proc/stat's totals (SystemStat's cpu_total). */
final class CpuShare {
    private CpuShare() {
    }

    /** Busy time over all time between the samples, in percent; 0 when no time passed between them. */
    static double percent(CPUStat before, CPUStat after) {
        double total = total(after) - total(before);
        double idle = after.getIdle() + after.getIowait() - before.getIdle() - before.getIowait();
        if (total <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(100, 100 * (total - idle) / total));
    }

    /** Guest time is counted within user time already, so it is not added again. */
    private static double total(CPUStat s) {
        return s.getUser() + s.getNice() + s.getSystem() + s.getIdle() + s.getIowait() + s.getIrq()
                + s.getSoftIrq() + s.getSteal();
    }
}
