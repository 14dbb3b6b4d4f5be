package dev.anvil.machined.containerd;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration machined gives its containerd: where it keeps images and snapshots ({@code root}), its runtime
 * state and socket, and the plugins it does not load. The CRI plugin is off (Anvil's own containers live in the
 * {@code system} namespace and are made through the containerd API), and so are the snapshotters that cannot work on
 * a node (aufs, btrfs, zfs, devmapper need their own filesystems or devices) and the tracing exporter.
 */
public record ContainerdConfig(Path root, Path state, Path socket, Path file) {
    public static final ContainerdConfig NODE = new ContainerdConfig(Path.of("/var/lib/containerd"),
            Path.of("/run/containerd"), Containerd.SOCKET, Path.of("/etc/containerd/config.toml"));

    static final List<String> DISABLED_PLUGINS = List.of("io.containerd.grpc.v1.cri",
            "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
            "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
            "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing");

    /** The config in containerd's TOML (config version 2). */
    public String toml() {
        return """
                version = 2
                root = %s
                state = %s
                disabled_plugins = [%s]

                [grpc]
                  address = %s

                [ttrpc]
                  address = %s

                [plugins."io.containerd.runtime.v1.linux"]
                  shim_debug = false
                """.formatted(quote(root), quote(state),
                DISABLED_PLUGINS.stream().map(ContainerdConfig::quote).collect(Collectors.joining(", ")),
                quote(socket), quote(socket.resolveSibling(socket.getFileName() + ".ttrpc")));
    }

    /** A TOML basic string. */
    static String quote(Object value) {
        String s = value.toString();
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
