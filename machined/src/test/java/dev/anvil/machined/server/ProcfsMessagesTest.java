package dev.anvil.machined.server;

import dev.anvil.api.machine.CPUInfo;
import dev.anvil.api.machine.DiskStat;
import dev.anvil.api.machine.MemInfo;
import dev.anvil.api.machine.NetDev;
import dev.anvil.api.machine.NetworkDeviceStats;
import dev.anvil.api.machine.SystemStat;
import dev.anvil.machined.procfs.CpuDescription;
import dev.anvil.machined.procfs.DeviceCounters;
import dev.anvil.machined.procfs.KernelStat;
import dev.anvil.machined.procfs.MemoryCounters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The node information messages from fixed /proc texts: each value lands in Talos's field for it. */
class ProcfsMessagesTest {
    /** Every /proc/meminfo line Talos has a field for, in the order of its field numbers. */
    private static final List<String> MEMINFO_LINES = List.of("MemTotal", "MemFree", "MemAvailable", "Buffers",
            "Cached", "SwapCached", "Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
            "Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages",
            "Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "NFS_Unstable",
            "Bounce", "WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk",
            "HardwareCorrupted", "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "CmaTotal", "CmaFree",
            "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "DirectMap4k",
            "DirectMap2M", "DirectMap1G");

    @Test
    void memory_everyMeminfoLineLandsInItsField_andOthersAreLeftOut() {
        StringBuilder text = new StringBuilder("Zswap: 77 kB\n");
        for (int i = 0; i < MEMINFO_LINES.size(); i++) {
            text.append(MEMINFO_LINES.get(i)).append(": ").append(i + 1).append(" kB\n");
        }
        MemInfo info = ProcfsMessages.memory(MemoryCounters.parse(text.toString())).getMeminfo();
        assertThat(MemInfo.getDescriptor().getFields()).hasSize(MEMINFO_LINES.size()).allSatisfy(field ->
                assertThat(info.getField(field)).as(field.getName()).isEqualTo((long) field.getNumber()));
    }

    @Test
    void networkDevices_countersInColumnOrder_andATotalNamingTheDevices() {
        NetworkDeviceStats stats = ProcfsMessages.networkDevices(DeviceCounters.parseNetDev("""
                  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
                    lo: 100 0 0 0 0 0 0 0 200 0 0 0 0 0 0 0
                """)).build();
        NetDev eth0 = stats.getDevices(0);
        assertThat(eth0.getName()).isEqualTo("eth0");
        assertThat(eth0.getRxBytes()).isEqualTo(1);
        assertThat(eth0.getRxMulticast()).isEqualTo(8);
        assertThat(eth0.getTxBytes()).isEqualTo(9);
        assertThat(eth0.getTxCollisions()).isEqualTo(14);
        assertThat(eth0.getTxCompressed()).isEqualTo(16);
        assertThat(stats.getTotal().getName()).isEqualTo("eth0, lo");
        assertThat(stats.getTotal().getRxBytes()).isEqualTo(101);
        assertThat(stats.getTotal().getTxBytes()).isEqualTo(209);
    }

    @Test
    void disks_countersInColumnOrder_andAnUnnamedTotal() {
        var disks = ProcfsMessages.disks(DeviceCounters.parseDiskStats("""
                   8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
                   8 1 sda1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1
                """)).build();
        DiskStat sda = disks.getDevices(0);
        assertThat(sda.getReadCompleted()).isEqualTo(1);
        assertThat(sda.getWriteTimeMs()).isEqualTo(8);
        assertThat(sda.getIoInProgress()).isEqualTo(9);
        assertThat(sda.getIoTimeWeightedMs()).isEqualTo(11);
        assertThat(sda.getDiscardTimeMs()).isEqualTo(15);
        assertThat(disks.getTotal().getName()).isEmpty();
        assertThat(disks.getTotal().getDiscardTimeMs()).isEqualTo(16);
    }

    @Test
    void systemStat_cpuSecondsAndSoftIrqsByName() {
        SystemStat stat = ProcfsMessages.systemStat(KernelStat.parse("""
                cpu  100 200 300 400 500 600 700 800 900 1000
                cpu0 100 200 300 400 500 600 700 800 900 1000
                softirq 55 1 2 3 4 5 6 7 8 9 10
                """, 100)).build();
        assertThat(stat.getCpuTotal().getUser()).isEqualTo(1.0);
        assertThat(stat.getCpuTotal().getSoftIrq()).isEqualTo(7.0);
        assertThat(stat.getCpuTotal().getGuestNice()).isEqualTo(10.0);
        assertThat(stat.getCpuList()).hasSize(1);
        assertThat(stat.getSoftIrqTotal()).isEqualTo(55);
        assertThat(stat.getSoftIrq().getHi()).isEqualTo(1);
        assertThat(stat.getSoftIrq().getBlockIoPoll()).isEqualTo(6);
        assertThat(stat.getSoftIrq().getRcu()).isEqualTo(10);
    }

    @Test
    void cpus_x86AndArmNames() {
        List<CPUInfo> cpus = ProcfsMessages.cpus(CpuDescription.parse("""
                processor	: 0
                vendor_id	: AuthenticAMD
                cpu family	: 25
                model name	: AMD EPYC
                cpu MHz		: 2445.432
                cpu cores	: 2
                apicid		: 3
                cpuid level	: 13
                flags		: fpu vme
                bugs		: spectre_v1
                bogomips	: 4890.86
                clflush size	: 64
                address sizes	: 48 bits physical, 48 bits virtual

                processor	: 1
                BogoMIPS	: 50.00
                Features	: fp asimd
                """)).getCpuInfoList();
        CPUInfo x86 = cpus.get(0);
        assertThat(x86.getVendorId()).isEqualTo("AuthenticAMD");
        assertThat(x86.getCpuFamily()).isEqualTo("25");
        assertThat(x86.getModelName()).isEqualTo("AMD EPYC");
        assertThat(x86.getCpuMhz()).isEqualTo(2445.432);
        assertThat(x86.getCpuCores()).isEqualTo(2);
        assertThat(x86.getApicId()).isEqualTo("3");
        assertThat(x86.getCpuIdLevel()).isEqualTo(13);
        assertThat(x86.getFlagsList()).containsExactly("fpu", "vme");
        assertThat(x86.getBugsList()).containsExactly("spectre_v1");
        assertThat(x86.getBogoMips()).isEqualTo(4890.86);
        assertThat(x86.getClFlushSize()).isEqualTo(64);
        assertThat(x86.getAddressSizes()).isEqualTo("48 bits physical, 48 bits virtual");
        CPUInfo arm = cpus.get(1);
        assertThat(arm.getProcessor()).isEqualTo(1);
        assertThat(arm.getBogoMips()).isEqualTo(50.0);
        assertThat(arm.getFlagsList()).containsExactly("fp", "asimd");
    }
}
