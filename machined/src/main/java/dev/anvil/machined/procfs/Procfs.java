package dev.anvil.machined.procfs;

import dev.anvil.sys.Statfs;
import dev.anvil.sys.Sysconf;
import dev.anvil.sys.SyscallException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a proc filesystem says about the node: its processes, memory, load, CPU time and description, mounts, network
 * devices and disks. Plain file reads of the files named on each method; in container mode machined has a PID
 * namespace and a /proc of its own, so the processes are the node's. Each call reads afresh; nothing is cached.
 */
public final class Procfs {
    private final Path root;
    private final long pageSize;
    private final long ticksPerSecond;

    /**
     * @param root where the proc filesystem is mounted
     * @param pageSize bytes a page, the unit of resident memory in /proc/[pid]/stat
     * @param ticksPerSecond clock ticks a second (USER_HZ), the unit of CPU time in /proc
     */
    public Procfs(Path root, long pageSize, long ticksPerSecond) {
        this.root = root;
        this.pageSize = pageSize;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** /proc, counted in this system's units. */
    public static Procfs system() {
        return new Procfs(Path.of("/proc"), Sysconf.pageSize(), Sysconf.clockTicks());
    }

    /**
     * /proc/[pid]/{exe,stat,cmdline,attr/current}, by pid. As in Talos, a process without an executable (a kernel
     * thread or a zombie) is left out, and so is one that ends while it is being read.
     */
    public List<ProcessEntry> processes() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Integer.parseInt(name));
                }
            }
        }
        pids.sort(null);
        List<ProcessEntry> processes = new ArrayList<>(pids.size());
        for (int pid : pids) {
            ProcessEntry process = process(root.resolve(Integer.toString(pid)));
            if (process != null) {
                processes.add(process);
            }
        }
        return processes;
    }

    /** /proc/meminfo. */
    public MemoryCounters memory() throws IOException {
        return MemoryCounters.parse(read(root.resolve("meminfo")));
    }

    /** /proc/loadavg. */
    public LoadAverage loadAverage() throws IOException {
        return LoadAverage.parse(read(root.resolve("loadavg")));
    }

    /** /proc/stat. */
    public KernelStat stat() throws IOException {
        return KernelStat.parse(read(root.resolve("stat")), ticksPerSecond);
    }

    /** /proc/cpuinfo. */
    public List<CpuDescription> cpus() throws IOException {
        return CpuDescription.parse(read(root.resolve("cpuinfo")));
    }

    /**
     * /proc/mounts, each measured by statfs(2) as Talos does: only mount points that are directories, and, unlike
     * Talos (which then fails the whole call), a mount statfs cannot measure is listed with sizes 0.
     */
    public List<MountEntry> mounts() throws IOException {
        List<MountEntry> mounts = new ArrayList<>();
        for (MountEntry mount : MountEntry.parse(read(root.resolve("mounts")))) {
            mounts.add(measured(mount));
        }
        return mounts;
    }

    /** /proc/net/dev (of machined's network namespace). */
    public List<DeviceCounters> networkDevices() throws IOException {
        return DeviceCounters.parseNetDev(read(root.resolve("net/dev")));
    }

    /** /proc/net/{@code transport} (tcp, udp6, raw...) of machined's network namespace. */
    public List<SocketEntry> sockets(String transport) throws IOException {
        return SocketEntry.parse(transport, read(root.resolve("net").resolve(transport)));
    }

    /**
     * Which process holds each socket, by the socket's inode, from the {@code socket:[INODE]} links of
     * /proc/[pid]/fd; a socket several processes hold goes to the lowest pid. Processes that end while being read
     * are left out.
     */
    public Map<Long, SocketEntry.Owner> socketOwners() throws IOException {
        Map<Long, SocketEntry.Owner> owners = new HashMap<>();
        for (ProcessEntry process : processes()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(root.resolve(process.pid() + "/fd"))) {
                for (Path fd : fds) {
                    String target = readLink(fd);
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        owners.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)),
                                new SocketEntry.Owner(process.pid(), process.command()));
                    }
                }
            } catch (IOException e) {
                // it ended, or its descriptors are not ours to read
            }
        }
        return owners;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** /proc/diskstats. */
    public List<DeviceCounters> disks() throws IOException {
        return DeviceCounters.parseDiskStats(read(root.resolve("diskstats")));
    }

    private ProcessEntry process(Path dir) {
        try {
            String executable = Files.readSymbolicLink(dir.resolve("exe")).toString();
            ProcessStat stat = ProcessStat.parse(read(dir.resolve("stat")));
            String args = commandLine(Files.readAllBytes(dir.resolve("cmdline")));
            return new ProcessEntry(stat.pid(), stat.ppid(), stat.state(), stat.threads(),
                    (double) (stat.userTicks() + stat.systemTicks()) / ticksPerSecond, stat.virtualBytes(),
                    stat.residentPages() * pageSize, stat.command(), executable, args, label(dir));
        } catch (IOException e) {
            return null;
        }
    }

    /** The arguments, which the kernel ends each with a NUL, joined by spaces. */
    static String commandLine(byte[] cmdline) {
        int end = cmdline.length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        return new String(cmdline, 0, end, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    /** The LSM's label (AppArmor, SELinux); empty where there is none to read. */
    private static String label(Path dir) {
        try {
            return read(dir.resolve("attr/current")).replaceAll("^[\\x00\\n]+|[\\x00\\n]+$", "");
        } catch (IOException e) {
            return "";
        }
    }

    private static MountEntry measured(MountEntry mount) {
        if (!Files.isDirectory(Path.of(mount.mountedOn()))) {
            return mount;
        }
        try {
            Statfs fs = Statfs.of(mount.mountedOn());
            return mount.withSize(fs.size(), fs.available());
        } catch (SyscallException e) {
            return mount;
        }
    }

    /** /proc files report size 0, so they are read to their end; bytes that are not UTF-8 are replaced. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
