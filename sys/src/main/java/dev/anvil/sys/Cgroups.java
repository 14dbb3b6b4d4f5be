package dev.anvil.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control groups this host offers, found in /proc/self/mounts: the unified (v2) hierarchy when mounted, else the
 * v1 controllers Anvil uses (memory, pids, cpu). A group is a directory of the same name in each hierarchy.
 */
public final class Cgroups {
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu");

    /** Where each hierarchy is mounted: one entry ("unified") for v2, one per controller for v1. */
    private final Map<String, Path> hierarchies;
    private final boolean unified;

    private Cgroups(Map<String, Path> hierarchies, boolean unified) {
        this.hierarchies = hierarchies;
        this.unified = unified;
    }

    /** The host's groups, or empty when it offers none Anvil can use (then services run without one). */
    public static Optional<Cgroups> detect() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mounts")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Cgroups> parse(List<String> mounts) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : mounts) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            if (f[2].equals("cgroup2")) {
                return Optional.of(new Cgroups(Map.of("unified", Path.of(f[1])), true));
            }
            if (f[2].equals("cgroup")) {
                for (String option : f[3].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        v1.putIfAbsent(option, Path.of(f[1]));
                    }
                }
            }
        }
        return v1.isEmpty() ? Optional.empty() : Optional.of(new Cgroups(Map.copyOf(v1), false));
    }

    public boolean unified() {
        return unified;
    }

    /** Creates (or reuses) the group {@code name} ("anvil/etcd") in every hierarchy. */
    public Group create(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..")) {
            throw new IllegalArgumentException("not a control group name: \"" + name + "\"");
        }
        List<Path> dirs = new ArrayList<>();
        for (Path root : hierarchies.values()) {
            Path dir = root.resolve(name);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("creating control group " + dir, e);
            }
            dirs.add(dir);
        }
        return new Group(name, List.copyOf(dirs), unified);
    }

    /** One group, present in every hierarchy. */
    public record Group(String name, List<Path> dirs, boolean unified) {

        /** Moves a process into the group. */
        public void add(long pid) {
            for (Path dir : dirs) {
                write(dir.resolve("cgroup.procs"), Long.toString(pid));
            }
        }

        /** The processes in the group. */
        public List<Long> pids() {
            try {
                return Files.readAllLines(dirs.getFirst().resolve("cgroup.procs")).stream()
                        .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the processes of control group " + name, e);
            }
        }

        /** Caps the memory of the group's processes, in bytes. */
        public void limitMemory(long bytes) {
            for (Path dir : dirs) {
                Path v2 = dir.resolve("memory.max");
                Path v1 = dir.resolve("memory.limit_in_bytes");
                if (Files.exists(v2)) {
                    write(v2, Long.toString(bytes));
                } else if (Files.exists(v1)) {
                    write(v1, Long.toString(bytes));
                }
            }
        }

        /** Removes the group; it must be empty. */
        public void remove() {
            for (Path dir : dirs) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("removing control group " + dir + " (processes left: "
                            + pids() + ")", e);
                }
            }
        }

        private static void write(Path file, String value) {
            try {
                Files.writeString(file, value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + value + " to " + file, e);
            }
        }
    }
}
