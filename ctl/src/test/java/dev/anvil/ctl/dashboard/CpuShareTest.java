package dev.anvil.ctl.dashboard;

import dev.anvil.api.machine.CPUStat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuShareTest {
    private static CPUStat stat(double user, double system, double idle, double iowait) {
        return CPUStat.newBuilder().setUser(user).setSystem(system).setIdle(idle).setIowait(iowait).build();
    }

    @Test
    void busyShare_isTheNonIdleTimeBetweenSamples() {
        assertThat(CpuShare.percent(stat(10, 10, 80, 0), stat(20, 15, 150, 15))).isCloseTo(15.0, within(1e-9));
        assertThat(CpuShare.percent(stat(0, 0, 0, 0), stat(50, 50, 0, 0))).isEqualTo(100.0);
    }

    @Test
    void noTimeBetweenSamples_isZero() {
        assertThat(CpuShare.percent(stat(1, 1, 1, 1), stat(1, 1, 1, 1))).isZero();
    }
}
