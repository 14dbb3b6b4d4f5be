package dev.anvil.machined.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.anvil.machined.procfs.ProcFiles.number;
import static dev.anvil.machined.procfs.ProcFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/** Procfs over this test machine's /proc, and over a made-up one for what a real one cannot be relied on to show. */
class ProcfsTest {
    private final Procfs proc = Procfs.system();

    @Test
    void processes_listThisJvm_withItsCommandLine() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ProcessEntry me = proc.processes().stream().filter(p -> p.pid() == self.pid()).findFirst().orElseThrow();
        assertThat(me.ppid()).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(me.command()).isEqualTo("java");
        assertThat(me.executable()).isEqualTo(self.info().command().orElseThrow());
        assertThat(me.args()).endsWith(String.join(" ", self.info().arguments().orElseThrow()));
        assertThat(me.threads()).isGreaterThan(1);
        assertThat(me.cpuSeconds()).isPositive();
        assertThat(me.residentBytes()).isPositive().isLessThan(me.virtualBytes());
        assertThat(me.state()).isIn("R", "S");
    }

    @Test
    void processes_areInPidOrder() throws IOException {
        List<Integer> pids = proc.processes().stream().map(ProcessEntry::pid).toList();
        assertThat(pids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void memory_isMeminfos() throws IOException {
        assertThat(proc.memory().get("MemTotal")).isPositive().isEqualTo(number("meminfo", "MemTotal:\\s+(\\d+)"));
    }

    @Test
    void loadAverage_isLoadavgs() throws IOException {
        LoadAverage load = proc.loadAverage();
        assertThat(load.load1()).isNotNegative();
        assertThat(load.load15()).isNotNegative();
    }

    @Test
    void stat_hasEveryOnlineCpu_andTheBootTime() throws IOException {
        KernelStat stat = proc.stat();
        assertThat(stat.bootTime()).isEqualTo(number("stat", "btime (\\d+)"));
        assertThat(stat.cpus()).hasSizeGreaterThanOrEqualTo(1);
        assertThat(stat.cpuTotal().seconds()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(stat.contextSwitches()).isPositive();
        assertThat(stat.softIrqs()).hasSize(10);
    }

    @Test
    void cpus_onePerProcessorLine() throws IOException {
        long processors = read("cpuinfo").lines().filter(l -> l.startsWith("processor")).count();
        assertThat(proc.cpus()).hasSize((int) processors);
        assertThat(proc.cpus().getFirst().integer("processor")).isZero();
    }

    @Test
    void mounts_includeProc_andMeasureDirectories() throws IOException {
        List<MountEntry> mounts = proc.mounts();
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.mountedOn()).isEqualTo("/proc");
            assertThat(m.filesystem()).isEqualTo("proc");
        });
        assertThat(mounts).anySatisfy(m -> assertThat(m.size()).isPositive());
        assertThat(mounts).allSatisfy(m -> assertThat(m.available()).isBetween(0L, m.size()));
    }

    @Test
    void networkDevices_includeLoopback() throws IOException {
        assertThat(proc.networkDevices()).extracting(DeviceCounters::name).contains("lo");
        assertThat(proc.networkDevices()).allSatisfy(d -> assertThat(d.values()).hasSize(16));
    }

    @Test
    void disks_oneRowPerLine() throws IOException {
        assertThat(proc.disks()).hasSize((int) read("diskstats").lines().count());
    }

    @Test
    void processes_leaveOutThoseWithoutAnExecutable_andReadUnitsAsGiven(@TempDir Path root) throws IOException {
        Path node = Files.createDirectories(root.resolve("42"));
        Files.writeString(node.resolve("stat"), "42 (my (odd) name) S 1 42 42 0 -1 4194560 1200 0 3 0 250 75 0 0 "
                + "20 0 7 0 1000 123456789 321 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        Files.write(node.resolve("cmdline"), "/bin/my daemon\0--flag\0value with space\0\0".getBytes());
        Files.createSymbolicLink(node.resolve("exe"), Path.of("/usr/bin/my daemon"));
        Files.createDirectories(node.resolve("attr"));
        Files.writeString(node.resolve("attr/current"), "unconfined\n");
        Path kernelThread = Files.createDirectories(root.resolve("2"));
        Files.writeString(kernelThread.resolve("stat"), "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 "
                + "6 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
        Files.createDirectories(root.resolve("self"));

        List<ProcessEntry> processes = new Procfs(root, 4096, 100).processes();

        assertThat(processes).containsExactly(new ProcessEntry(42, 1, "S", 7, 3.25, 123456789, 321 * 4096,
                "my (odd) name", "/usr/bin/my daemon", "/bin/my daemon --flag value with space", "unconfined"));
    }

    @Test
    void commandLine_joinsTheArguments_andDropsTheTrailingNuls() {
        assertThat(Procfs.commandLine("a\0b c\0".getBytes())).isEqualTo("a b c");
        assertThat(Procfs.commandLine(new byte[0])).isEmpty();
        assertThat(Procfs.commandLine("set by the program itself".getBytes())).isEqualTo("set by the program itself");
    }
}
