package dev.anvil.machinery.resources.block;

import dev.anvil.machinery.resources.ResourceTypes;

import java.util.Locale;

/**
 * The block-device resource types ({@code block.talos.dev}), which Talos keeps in the {@code runtime} namespace,
 * and their registration for clients and servers.
 */
public final class BlockResources {
    public static final String NAMESPACE = "runtime";

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
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 10) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        double rounded = Math.floor(value * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, rounded < 10 ? "%.1f" : "%.0f", rounded) + " " + units[unit];
    }
}
