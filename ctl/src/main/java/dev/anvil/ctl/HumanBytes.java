package dev.anvil.ctl;

import dev.anvil.machinery.resources.block.BlockResources;

/** Byte counts the way talosctl prints them (go-humanize's Bytes): decimal units, "83 MB", "1.2 GB", "512 B". */
final class HumanBytes {
    private HumanBytes() {
    }

    static String format(long bytes) {
        return BlockResources.prettySize(bytes);
    }
}
