package dev.anvil.machined.containerd;

import dev.anvil.sys.Mounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * runc puts each container in control groups, which it finds mounted under /sys/fs/cgroup. A booted node mounts
 * them at boot; a container-mode node has a fresh /sys without them (the launcher keeps the host's groups out of the
 * node, so that the supervisor's groups of different nodes cannot meet). Before containerd starts, this mounts them
 * in the node's own mount namespace: the v1 hierarchies the host's kernel has, or else the unified one.
 */
final class ControlGroupMounts {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final List<String> V1 = List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "blkio", "pids");

    private ControlGroupMounts() {
    }

    /** What is mounted (or "already mounted"); throws when nothing could be. */
    static String ensure() throws IOException {
        if (mounted()) {
            return "already mounted";
        }
        Files.createDirectories(ROOT);
        Mounts.mount("tmpfs", ROOT.toString(), "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC,
                "mode=755");
        List<String> done = new ArrayList<>();
        for (String controller : V1) {
            Path dir = ROOT.resolve(controller);
            try {
                Files.createDirectories(dir);
                Mounts.mount("cgroup", dir.toString(), "cgroup", Mounts.MS_NOSUID | Mounts.MS_NODEV
                        | Mounts.MS_NOEXEC, controller);
                done.add(controller);
            } catch (RuntimeException busyOrAbsent) {
                Files.deleteIfExists(dir);
            }
        }
        if (!done.isEmpty()) {
            return "cgroup v1: " + String.join(",", done);
        }
        Mounts.unmount(ROOT.toString(), Mounts.MNT_DETACH);
        Mounts.mount("cgroup2", ROOT.toString(), "cgroup2", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC,
                null);
        return "cgroup v2";
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
