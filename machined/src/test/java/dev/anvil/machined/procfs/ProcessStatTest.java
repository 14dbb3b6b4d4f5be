package dev.anvil.machined.procfs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessStatTest {
    /** After the command: state, ppid, 9 fields, utime, stime, 4 fields, threads, 2 fields, vsize, rss, more. */
    private static final String TAIL = "S 1 42 42 0 -1 4194560 1200 0 3 0 250 75 0 0 20 0 7 0 1000 123456789 321 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void parse_readsTheFieldsAProcessListingShows() {
        ProcessStat stat = ProcessStat.parse("42 (etcd) " + TAIL + "\n");
        assertThat(stat).isEqualTo(new ProcessStat(42, "etcd", "S", 1, 250, 75, 7, 123456789, 321));
    }

    @Test
    void parse_aCommandWithSpacesAndParentheses_endsAtTheLastParenthesis() {
        ProcessStat stat = ProcessStat.parse("7 (my (odd) ) name) " + TAIL);
        assertThat(stat.command()).isEqualTo("my (odd) ) name");
        assertThat(stat.state()).isEqualTo("S");
        assertThat(stat.threads()).isEqualTo(7);
    }

    @Test
    void parse_anEmptyCommand() {
        assertThat(ProcessStat.parse("9 () " + TAIL).command()).isEmpty();
    }

    @Test
    void parse_aLineWithoutACommandOrWithTooFewFields_isRefused() {
        assertThatThrownBy(() -> ProcessStat.parse("42 etcd S 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command");
        assertThatThrownBy(() -> ProcessStat.parse("42 (etcd) S 1 42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 fields after the command");
    }

    @Test
    void parse_thisJvmsOwnLine() throws IOException {
        ProcessStat stat = ProcessStat.parse(Files.readString(Path.of("/proc/self/stat")));
        assertThat(stat.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.command()).isEqualTo("java");
        assertThat(stat.threads()).isGreaterThan(1);
        assertThat(stat.residentPages()).isPositive();
        assertThat(stat.virtualBytes()).isGreaterThan(stat.residentPages());
    }
}
