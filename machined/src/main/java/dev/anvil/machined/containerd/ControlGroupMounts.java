package dev.anvil.machined.containerd;

import dev.anvil.sys.Mounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * runc puts each container in control groups, and containerd's shim reads their statistics; both find them mounted
 * under /sys/fs/cgroup. A booted node mounts them at boot; a container-mode node has a fresh /sys without them (the
 * launcher keeps the host's groups out of the node, so that the supervisor's groups of different nodes cannot
 * meet). Before containerd starts, this mounts in the node's own mount namespace every hierarchy the kernel shows
 * in /proc/self/cgroup, as the host lays them out: each v1 hierarchy under its controllers' name ("cpu,cpuacct",
 * "systemd" for name=systemd) and the unified one at "unified"; or, on a unified-only host, cgroup2 at the top.
 */
final class ControlGroupMounts {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final long FLAGS = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    private ControlGroupMounts() {
    }

    /** A hierarchy as /proc/self/cgroup names it: its controllers ("cpu,cpuacct", "name=systemd"; "" for v2). */
    record Hierarchy(String controllers) {
        boolean unified() {
            return controllers.isEmpty();
        }

        /** The directory under /sys/fs/cgroup. */
        String directory() {
            return unified() ? "unified" : controllers.startsWith("name=") ? controllers.substring(5) : controllers;
        }

        /** The mount options of a v1 hierarchy. */
        String options() {
            return controllers.startsWith("name=") ? "none," + controllers : controllers;
        }
    }

    /** The hierarchies of /proc/self/cgroup lines ("ID:CONTROLLERS:PATH"). */
    static List<Hierarchy> hierarchies(List<String> lines) {
        List<Hierarchy> found = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length == 3) {
                found.add(new Hierarchy(f[1]));
            }
        }
        return found;
    }

    /** What is mounted (or "already mounted"). */
    static String ensure() throws IOException {
        if (mounted()) {
            return "already mounted";
        }
        List<Hierarchy> all = hierarchies(Files.readAllLines(Path.of("/proc/self/cgroup")));
        Files.createDirectories(ROOT);
        if (all.stream().allMatch(Hierarchy::unified)) {
            Mounts.mount("cgroup2", ROOT.toString(), "cgroup2", FLAGS, null);
            return "cgroup v2";
        }
        Mounts.mount("tmpfs", ROOT.toString(), "tmpfs", FLAGS, "mode=755");
        List<String> done = new ArrayList<>();
        for (Hierarchy h : all) {
            Path dir = ROOT.resolve(h.directory());
            Files.createDirectories(dir);
            if (h.unified()) {
                Mounts.mount("cgroup2", dir.toString(), "cgroup2", FLAGS, null);
            } else {
                Mounts.mount("cgroup", dir.toString(), "cgroup", FLAGS, h.options());
            }
            done.add(h.directory());
        }
        return "cgroup v1: " + String.join(" ", done);
    }

    private static boolean mounted() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[1].startsWith(ROOT.toString()) && f[2].startsWith("cgroup")) {
                return true;
            }
        }
        return false;
    }
}
