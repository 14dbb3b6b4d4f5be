package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.machine.CPUsInfo;
import dev.anvil.api.machine.DiskStat;
import dev.anvil.api.machine.DiskStats;
import dev.anvil.api.machine.LoadAvg;
import dev.anvil.api.machine.Memory;
import dev.anvil.api.machine.MountStat;
import dev.anvil.api.machine.Mounts;
import dev.anvil.api.machine.NetDev;
import dev.anvil.api.machine.NetworkDeviceStats;
import dev.anvil.api.machine.ProcessInfo;
import dev.anvil.api.machine.SystemStat;
import dev.anvil.sys.Hostname;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.anvil.machined.procfs.ProcFiles.number;
import static dev.anvil.machined.procfs.ProcFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/** The node information RPCs over real gRPC, checked against this test machine's /proc. */
@SuppressWarnings("deprecation")  // Metadata, which Talos marks deprecated but still sends
class NodeInformationTest {
    private static final Empty EMPTY = Empty.getDefaultInstance();

    private final ServedMachine node = new ServedMachine();

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void processes_includeThisJvm_withItsCommandLine() {
        var reply = node.blocking().processes(EMPTY);
        assertThat(reply.getMessagesList()).hasSize(1);
        assertIsThisNode(reply.getMessages(0).getMetadata());
        ProcessHandle self = ProcessHandle.current();
        ProcessInfo me = reply.getMessages(0).getProcessesList().stream().filter(p -> p.getPid() == self.pid())
                .findFirst().orElseThrow();
        assertThat(me.getCommand()).isEqualTo("java");
        assertThat(me.getExecutable()).isEqualTo(self.info().command().orElseThrow());
        assertThat(me.getArgs()).endsWith(String.join(" ", self.info().arguments().orElseThrow()));
        assertThat(me.getPpid()).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(me.getThreads()).isGreaterThan(1);
        assertThat(me.getResidentMemory()).isPositive();
    }

    @Test
    void memory_totalIsMeminfosMemTotal() throws IOException {
        var reply = node.blocking().memory(EMPTY);
        Memory memory = reply.getMessages(0);
        assertIsThisNode(memory.getMetadata());
        assertThat(memory.getMeminfo().getMemtotal()).isEqualTo(number("meminfo", "MemTotal:\\s+(\\d+) kB"));
        assertThat(memory.getMeminfo().getHugepagesize()).isEqualTo(number("meminfo", "Hugepagesize:\\s+(\\d+) kB"));
        assertThat(memory.getMeminfo().getMemfree()).isPositive().isLessThan(memory.getMeminfo().getMemtotal());
    }

    @Test
    void loadAvg_isLoadavgs() {
        LoadAvg load = node.blocking().loadAvg(EMPTY).getMessages(0);
        assertIsThisNode(load.getMetadata());
        assertThat(load.getLoad1()).isNotNegative();
        assertThat(load.getLoad5()).isNotNegative();
        assertThat(load.getLoad15()).isNotNegative();
    }

    @Test
    void systemStat_bootTimeAndCpusAreStats() throws IOException {
        SystemStat stat = node.blocking().systemStat(EMPTY).getMessages(0);
        assertIsThisNode(stat.getMetadata());
        assertThat(stat.getBootTime()).isEqualTo(number("stat", "btime (\\d+)"));
        long cpus = read("stat").lines().filter(l -> l.matches("cpu\\d+ .*")).count();
        assertThat(stat.getCpuCount()).isEqualTo(cpus);
        assertThat(stat.getCpuTotal().getUser()).isPositive();
        assertThat(stat.getProcessCreated()).isPositive();
        assertThat(stat.getIrqTotal()).isPositive();
    }

    @Test
    void cpuInfo_onePerProcessor() throws IOException {
        CPUsInfo info = node.blocking().cPUInfo(EMPTY).getMessages(0);
        assertIsThisNode(info.getMetadata());
        long processors = read("cpuinfo").lines().filter(l -> l.startsWith("processor")).count();
        assertThat(info.getCpuInfoCount()).isEqualTo(processors);
        assertThat(info.getCpuInfo(0).getProcessor()).isZero();
        assertThat(info.getCpuInfo(0).getFlagsList()).isNotEmpty();
        assertThat(info.getCpuInfo(0).getBogoMips()).isPositive();
    }

    @Test
    void mounts_includeProc_andSizeTheTemporaryDirectorysFilesystem() throws IOException {
        Mounts mounts = node.blocking().mounts(EMPTY).getMessages(0);
        assertIsThisNode(mounts.getMetadata());
        assertThat(mounts.getStatsList()).anySatisfy(m -> {
            assertThat(m.getMountedOn()).isEqualTo("/proc");
            assertThat(m.getFilesystem()).isEqualTo("proc");
        });
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        MountStat holding = mounts.getStatsList().stream().filter(m -> tmp.startsWith(m.getMountedOn()))
                .max((a, b) -> Integer.compare(a.getMountedOn().length(), b.getMountedOn().length())).orElseThrow();
        assertThat(holding.getSize()).isEqualTo(Files.getFileStore(tmp).getTotalSpace());
    }

    @Test
    void networkDeviceStats_includeLoopback_andTotalIt() {
        NetworkDeviceStats stats = node.blocking().networkDeviceStats(EMPTY).getMessages(0);
        assertIsThisNode(stats.getMetadata());
        assertThat(stats.getDevicesList()).extracting(NetDev::getName).contains("lo");
        assertThat(stats.getTotal().getName()).contains("lo");
        assertThat(stats.getTotal().getRxBytes())
                .isEqualTo(stats.getDevicesList().stream().mapToLong(NetDev::getRxBytes).sum());
    }

    @Test
    void diskStats_oneDevicePerLine_andTheirTotal() throws IOException {
        DiskStats stats = node.blocking().diskStats(EMPTY).getMessages(0);
        assertIsThisNode(stats.getMetadata());
        assertThat(stats.getDevicesCount()).isEqualTo(read("diskstats").lines().count());
        assertThat(stats.getTotal().getName()).isEmpty();
        assertThat(stats.getTotal().getReadCompleted())
                .isEqualTo(stats.getDevicesList().stream().mapToLong(DiskStat::getReadCompleted).sum());
    }

    private static void assertIsThisNode(Metadata metadata) {
        assertThat(metadata.getHostname()).isEqualTo(Hostname.get());
    }
}
