package dev.anvil.ctl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HumanBytesTest {

    @Test
    void format_decimalUnits_oneDecimalBelowTen_asTalosctl() {
        assertThat(HumanBytes.format(0)).isEqualTo("0 B");
        assertThat(HumanBytes.format(9)).isEqualTo("9 B");
        assertThat(HumanBytes.format(512)).isEqualTo("512 B");
        assertThat(HumanBytes.format(1000)).isEqualTo("1.0 kB");
        assertThat(HumanBytes.format(1_234_567)).isEqualTo("1.2 MB");
        assertThat(HumanBytes.format(83_000_000)).isEqualTo("83 MB");
        assertThat(HumanBytes.format(999_950)).isEqualTo("1000 kB");
        assertThat(HumanBytes.format(12_600_000_000L)).isEqualTo("13 GB");
    }
}
