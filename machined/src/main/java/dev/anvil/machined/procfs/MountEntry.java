package dev.anvil.machined.procfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of /proc/mounts with the size of its filesystem in bytes ({@code available}: what an unprivileged user
 * may still write); both 0 until measured, and for mounts that cannot be measured.
 */
public record MountEntry(String filesystem, String mountedOn, long size, long available) {

    /** The mounts with sizes 0. The kernel writes space, tab, newline and backslash in names as octal escapes. */
    public static List<MountEntry> parse(String text) {
        List<MountEntry> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 2) {
                mounts.add(new MountEntry(unescape(fields[0]), unescape(fields[1]), 0, 0));
            }
        }
        return mounts;
    }

    public MountEntry withSize(long size, long available) {
        return new MountEntry(filesystem, mountedOn, size, available);
    }

    /** Replaces each backslash and three octal digits by that byte (names are bytes, read here as UTF-8). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && octal(raw, i + 1)) {
                out.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean octal(byte[] raw, int from) {
        for (int i = from; i < from + 3; i++) {
            if (raw[i] < '0' || raw[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
