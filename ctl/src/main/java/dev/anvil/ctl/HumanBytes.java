package dev.anvil.ctl;

import java.util.Locale;

/** Byte counts the way talosctl prints them (go-humanize's Bytes): decimal units, "83 MB", "1.2 GB", "512 B". */
final class HumanBytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanBytes() {
    }

    static String format(long bytes) {
        double value = bytes;
        if (value < 10) {
            return bytes + " B";
        }
        int unit = (int) Math.floor(Math.log(value) / Math.log(1000));
        double scaled = Math.floor(value / Math.pow(1000, unit) * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, scaled < 10 ? "%.1f %s" : "%.0f %s", scaled, UNITS[unit]);
    }
}
