package dev.anvil.machined.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.anvil.api.machine.CPUInfo;
import dev.anvil.api.machine.CPUStat;
import dev.anvil.api.machine.CPUsInfo;
import dev.anvil.api.machine.DiskStat;
import dev.anvil.api.machine.DiskStats;
import dev.anvil.api.machine.LoadAvg;
import dev.anvil.api.machine.MemInfo;
import dev.anvil.api.machine.Memory;
import dev.anvil.api.machine.MountStat;
import dev.anvil.api.machine.Mounts;
import dev.anvil.api.machine.NetDev;
import dev.anvil.api.machine.NetworkDeviceStats;
import dev.anvil.api.machine.ProcessInfo;
import dev.anvil.api.machine.SoftIRQStat;
import dev.anvil.api.machine.SystemStat;
import dev.anvil.machined.procfs.CpuDescription;
import dev.anvil.machined.procfs.CpuTimes;
import dev.anvil.machined.procfs.DeviceCounters;
import dev.anvil.machined.procfs.KernelStat;
import dev.anvil.machined.procfs.LoadAverage;
import dev.anvil.machined.procfs.MemoryCounters;
import dev.anvil.machined.procfs.MountEntry;
import dev.anvil.machined.procfs.ProcessEntry;

import java.util.List;
import java.util.Locale;

/**
 * The machine API's node information messages made from what {@link dev.anvil.machined.procfs.Procfs} read, without
 * their metadata (the handler adds it). Where Talos's fields follow a /proc file closely they are filled by
 * descriptor rather than one by one: MemInfo by the meminfo line's name, the counter rows by column.
 */
final class ProcfsMessages {
    private ProcfsMessages() {
    }

    /** Talos's name for the message, dev.anvil.api.machine.Process, is written out: java.lang has a Process. */
    static dev.anvil.api.machine.Process.Builder processes(List<ProcessEntry> processes) {
        var message = dev.anvil.api.machine.Process.newBuilder();
        for (ProcessEntry p : processes) {
            message.addProcesses(ProcessInfo.newBuilder()
                    .setPid(p.pid())
                    .setPpid(p.ppid())
                    .setState(p.state())
                    .setThreads(p.threads())
                    .setCpuTime(p.cpuSeconds())
                    .setVirtualMemory(p.virtualBytes())
                    .setResidentMemory(p.residentBytes())
                    .setCommand(p.command())
                    .setExecutable(p.executable())
                    .setArgs(p.args())
                    .setLabel(p.label()));
        }
        return message;
    }

    /**
     * Talos names each MemInfo field after its /proc/meminfo line, lower case and without '(', ')' and '_'
     * ("Active(anon)" is activeanon, "HugePages_Total" hugepagestotal); lines it has no field for are left out.
     */
    static Memory.Builder memory(MemoryCounters counters) {
        var info = MemInfo.newBuilder();
        counters.values().forEach((name, value) -> {
            FieldDescriptor field = MemInfo.getDescriptor()
                    .findFieldByName(name.replaceAll("[()_]", "").toLowerCase(Locale.ROOT));
            if (field != null) {
                info.setField(field, value);
            }
        });
        return Memory.newBuilder().setMeminfo(info);
    }

    static LoadAvg.Builder loadAverage(LoadAverage load) {
        return LoadAvg.newBuilder().setLoad1(load.load1()).setLoad5(load.load5()).setLoad15(load.load15());
    }

    static SystemStat.Builder systemStat(KernelStat stat) {
        var message = SystemStat.newBuilder()
                .setBootTime(stat.bootTime())
                .setCpuTotal(cpuStat(stat.cpuTotal()))
                .setIrqTotal(stat.irqTotal())
                .addAllIrq(stat.irqs())
                .setContextSwitches(stat.contextSwitches())
                .setProcessCreated(stat.processesCreated())
                .setProcessRunning(stat.processesRunning())
                .setProcessBlocked(stat.processesBlocked())
                .setSoftIrqTotal(stat.softIrqTotal())
                .setSoftIrq(columns(SoftIRQStat.newBuilder(), 1, stat.softIrqs()));
        for (CpuTimes cpu : stat.cpus()) {
            message.addCpu(cpuStat(cpu));
        }
        return message;
    }

    /** x86 names its lines as Talos's fields; arm64 has its own names for flags and BogoMIPS. */
    static CPUsInfo.Builder cpus(List<CpuDescription> cpus) {
        var message = CPUsInfo.newBuilder();
        for (CpuDescription cpu : cpus) {
            boolean arm = cpu.fields().containsKey("Features");
            message.addCpuInfo(CPUInfo.newBuilder()
                    .setProcessor(cpu.integer("processor"))
                    .setVendorId(cpu.text("vendor_id"))
                    .setCpuFamily(cpu.text("cpu family"))
                    .setModel(cpu.text("model"))
                    .setModelName(cpu.text("model name"))
                    .setStepping(cpu.text("stepping"))
                    .setMicrocode(cpu.text("microcode"))
                    .setCpuMhz(cpu.decimal("cpu MHz"))
                    .setCacheSize(cpu.text("cache size"))
                    .setPhysicalId(cpu.text("physical id"))
                    .setSiblings(cpu.integer("siblings"))
                    .setCoreId(cpu.text("core id"))
                    .setCpuCores(cpu.integer("cpu cores"))
                    .setApicId(cpu.text("apicid"))
                    .setInitialApicId(cpu.text("initial apicid"))
                    .setFpu(cpu.text("fpu"))
                    .setFpuException(cpu.text("fpu_exception"))
                    .setCpuIdLevel(cpu.integer("cpuid level"))
                    .setWp(cpu.text("wp"))
                    .addAllFlags(cpu.words(arm ? "Features" : "flags"))
                    .addAllBugs(cpu.words("bugs"))
                    .setBogoMips(cpu.decimal(arm ? "BogoMIPS" : "bogomips"))
                    .setClFlushSize(cpu.integer("clflush size"))
                    .setCacheAlignment(cpu.integer("cache_alignment"))
                    .setAddressSizes(cpu.text("address sizes"))
                    .setPowerManagement(cpu.text("power management")));
        }
        return message;
    }

    static Mounts.Builder mounts(List<MountEntry> mounts) {
        var message = Mounts.newBuilder();
        for (MountEntry mount : mounts) {
            message.addStats(MountStat.newBuilder().setFilesystem(mount.filesystem()).setSize(mount.size())
                    .setAvailable(mount.available()).setMountedOn(mount.mountedOn()));
        }
        return message;
    }

    /** As Talos's (that is, procfs's) total, whose name lists the devices, sorted and joined by ", ". */
    static NetworkDeviceStats.Builder networkDevices(List<DeviceCounters> devices) {
        String names = String.join(", ", devices.stream().map(DeviceCounters::name).sorted().toList());
        var message = NetworkDeviceStats.newBuilder().setTotal(netDev(DeviceCounters.total(names, devices)));
        for (DeviceCounters device : devices) {
            message.addDevices(netDev(device));
        }
        return message;
    }

    /** As Talos's total, which has no name. */
    static DiskStats.Builder disks(List<DeviceCounters> disks) {
        var message = DiskStats.newBuilder().setTotal(diskStat(DeviceCounters.total("", disks)));
        for (DeviceCounters disk : disks) {
            message.addDevices(diskStat(disk));
        }
        return message;
    }

    private static NetDev netDev(DeviceCounters device) {
        return columns(NetDev.newBuilder().setName(device.name()), 2, device.values()).build();
    }

    private static DiskStat diskStat(DeviceCounters disk) {
        return columns(DiskStat.newBuilder().setName(disk.name()), 2, disk.values()).build();
    }

    private static CPUStat cpuStat(CpuTimes times) {
        return columns(CPUStat.newBuilder(), 1, times.seconds()).build();
    }

    /**
     * Sets the values into the fields numbered {@code first} on, one each: Talos numbers NetDev, DiskStat, CPUStat
     * and SoftIRQStat in the column order of the kernel's file. Values past the message's last field are dropped.
     */
    private static <B extends Message.Builder> B columns(B builder, int first, List<? extends Number> values) {
        for (int i = 0; i < values.size(); i++) {
            FieldDescriptor field = builder.getDescriptorForType().findFieldByNumber(first + i);
            if (field == null) {
                break;
            }
            Number value = values.get(i);
            builder.setField(field, field.getJavaType() == FieldDescriptor.JavaType.DOUBLE
                    ? (Object) value.doubleValue() : (Object) value.longValue());
        }
        return builder;
    }
}
