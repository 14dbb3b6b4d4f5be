package dev.anvil.machinery.resources.block;

import dev.anvil.machinery.resources.ResourceTypes;

import java.util.Locale;

/**
 * The block-device resource types ({@code block.talos.dev}), which Talos keeps in the {@code runtime} namespace,
 * and their registration for clients and servers.
 */
public final class BlockResources {
    public static final String NAMESPACE = "runtime";
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private BlockResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(Disk.DEFINITION, Disk.class).with(BlockDevice.DEFINITION, BlockDevice.class)
                .with(DiscoveredVolume.DEFINITION, DiscoveredVolume.class);
    }

    /**
     * A size as Talos prints it (decimal units, at most one decimal: {@code 10 GB}, {@code 7.3 MB}, {@code 1.0 GB}), as the
     * humanize library does for {@code pretty_size}.
     */
    public static String prettySize(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        int unit = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        double scaled = Math.floor(bytes / Math.pow(1000, unit) * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, scaled < 10 ? "%.1f %s" : "%.0f %s", scaled, UNITS[unit]);
    }
}
