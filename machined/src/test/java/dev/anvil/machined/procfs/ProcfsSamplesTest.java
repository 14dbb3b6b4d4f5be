package dev.anvil.machined.procfs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The /proc parsers over fixed texts: the formats' corners that a test machine's own files may not show. */
class ProcfsSamplesTest {

    @Test
    void memoryCounters_keepEachLinesNumberWithoutItsUnit() {
        MemoryCounters memory = MemoryCounters.parse("""
                MemTotal:       16303864 kB
                Active(anon):     123456 kB
                HugePages_Total:       4
                Hugepagesize:       2048 kB
                """);
        assertThat(memory.get("MemTotal")).isEqualTo(16303864);
        assertThat(memory.get("Active(anon)")).isEqualTo(123456);
        assertThat(memory.get("HugePages_Total")).isEqualTo(4);
        assertThat(memory.get("Zswap")).as("a line this kernel does not write").isZero();
        assertThat(memory.values().keySet()).containsExactly("MemTotal", "Active(anon)", "HugePages_Total",
                "Hugepagesize");
    }

    @Test
    void loadAverage_readsTheThreeAverages() {
        assertThat(LoadAverage.parse("0.52 1.05 12.00 2/1234 5678\n")).isEqualTo(new LoadAverage(0.52, 1.05, 12));
    }

    @Test
    void kernelStat_convertsTicksToSeconds_andLeavesAnOfflineCpuEmpty() {
        KernelStat stat = KernelStat.parse("""
                cpu  1000 20 300 4000 50 0 6 0 0 0
                cpu0 500 10 150 2000 25 0 3 0 0 0
                cpu2 500 10 150 2000 25 0 3 0 0 0
                intr 6085633 0 12 0 7
                ctxt 24709499
                btime 1795428199
                processes 154236
                procs_running 3
                procs_blocked 1
                softirq 2234631 0 360125 345 267169 207606 0 6 683842 14 715524
                """, 100);
        assertThat(stat.cpuTotal().seconds()).containsExactly(10.0, 0.2, 3.0, 40.0, 0.5, 0.0, 0.06, 0.0, 0.0, 0.0);
        assertThat(stat.cpus()).hasSize(3);
        assertThat(stat.cpus().get(1)).isEqualTo(CpuTimes.NONE);
        assertThat(stat.cpus().get(2).seconds().getFirst()).isEqualTo(5.0);
        assertThat(stat.irqTotal()).isEqualTo(6085633);
        assertThat(stat.irqs()).containsExactly(0L, 12L, 0L, 7L);
        assertThat(stat.contextSwitches()).isEqualTo(24709499);
        assertThat(stat.bootTime()).isEqualTo(1795428199);
        assertThat(stat.processesCreated()).isEqualTo(154236);
        assertThat(stat.processesRunning()).isEqualTo(3);
        assertThat(stat.processesBlocked()).isEqualTo(1);
        assertThat(stat.softIrqTotal()).isEqualTo(2234631);
        assertThat(stat.softIrqs()).containsExactly(0L, 360125L, 345L, 267169L, 207606L, 0L, 6L, 683842L, 14L,
                715524L);
    }

    @Test
    void netDev_skipsTheHeaders_andReadsANumberGluedToTheColon() {
        List<DeviceCounters> devices = DeviceCounters.parseNetDev("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo: 53327532  275390    0    0    0     0          0         0 53327532  275390    0    0    0     0       0          0
                  eth0:18446744073709551615 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
                """);
        assertThat(devices).extracting(DeviceCounters::name).containsExactly("lo", "eth0");
        assertThat(devices.get(0).values()).hasSize(16).startsWith(53327532L, 275390L);
        assertThat(Long.toUnsignedString(devices.get(1).values().getFirst())).isEqualTo("18446744073709551615");
        assertThat(devices.get(1).values().getLast()).isEqualTo(16);
    }

    @Test
    void diskStats_keepsReadWriteAndDiscardCounters_notFlushOnes() {
        List<DeviceCounters> disks = DeviceCounters.parseDiskStats("""
                   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
                   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11
                """);
        assertThat(disks.get(0).name()).isEqualTo("sda");
        assertThat(disks.get(0).values()).hasSize(15).endsWith(15L);
        assertThat(disks.get(1).values()).as("a kernel before 4.18: no discard counters").hasSize(11);
        assertThat(DeviceCounters.total("", disks).values()).hasSize(15).startsWith(2L, 4L).endsWith(15L);
    }

    @Test
    void cpuDescription_onePerProcessor_withEmptyValuesAndArmNames() {
        List<CpuDescription> cpus = CpuDescription.parse("""
                processor	: 0
                model name	: AMD EPYC
                cpu MHz		: 2445.432
                siblings	: 2
                flags		: fpu vme de
                power management:

                processor	: 1
                BogoMIPS	: 50.00
                Features	: fp asimd evtstrm

                Hardware	: a board's trailing block
                """);
        assertThat(cpus).hasSize(2);
        CpuDescription x86 = cpus.getFirst();
        assertThat(x86.text("model name")).isEqualTo("AMD EPYC");
        assertThat(x86.decimal("cpu MHz")).isEqualTo(2445.432);
        assertThat(x86.integer("siblings")).isEqualTo(2);
        assertThat(x86.words("flags")).containsExactly("fpu", "vme", "de");
        assertThat(x86.text("power management")).isEmpty();
        assertThat(x86.integer("cpu cores")).as("missing").isZero();
        CpuDescription arm = cpus.get(1);
        assertThat(arm.integer("processor")).isEqualTo(1);
        assertThat(arm.decimal("BogoMIPS")).isEqualTo(50.0);
        assertThat(arm.words("Features")).containsExactly("fp", "asimd", "evtstrm");
    }

    @Test
    void mounts_unescapeOctalInNames() {
        List<MountEntry> mounts = MountEntry.parse("""
                proc /proc proc rw,relatime 0 0
                /dev/sda1 /var/lib/my\\040disk ext4 rw 0 0
                server:/share\\134x /mnt/a\\011b nfs rw 0 0
                odd /mnt/\\9 tmpfs rw 0 0
                """);
        assertThat(mounts).extracting(MountEntry::mountedOn)
                .containsExactly("/proc", "/var/lib/my disk", "/mnt/a\tb", "/mnt/\\9");
        assertThat(mounts.get(2).filesystem()).isEqualTo("server:/share\\x");
        assertThat(mounts).allSatisfy(m -> assertThat(m.size()).isZero());
    }
}
