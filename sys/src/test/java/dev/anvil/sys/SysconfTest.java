package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SysconfTest {

    @Test
    void pageSize_isOneTheKernelSupports() {
        assertThat(Sysconf.pageSize()).isIn(4096L, 16384L, 65536L);
    }

    @Test
    void clockTicks_isUserHz() {
        assertThat(Sysconf.clockTicks()).isEqualTo(100);
    }
}
