package dev.anvil.machinery.upgrade;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an upgrade bundle holds: the version it installs and each file's path, size and SHA-256. It is the signed
 * part of the bundle, so its text is fixed: a line {@code anvil-bundle v1}, a line {@code version V}, then one line
 * {@code sha256 HEX SIZE PATH} per file. Paths are relative, with no {@code ..}; {@code machined/} holds the node's
 * jars (what container mode runs), {@code boot/} the kernel, initramfs and root filesystem (what a disk boots).
 */
public record BundleManifest(String version, List<Entry> files) {
    private static final String HEADER = "anvil-bundle v1";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    public record Entry(String path, long size, byte[] sha256) {
        public Entry {
            if (!PATH.matcher(path).matches() || path.contains("..")) {
                throw new IllegalArgumentException("bad path in a bundle: " + path);
            }
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 digest has 32 bytes: " + path);
            }
        }
    }

    public BundleManifest {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("bad bundle version: " + version);
        }
        files = List.copyOf(files);
    }

    /** The files by path. */
    public Map<String, Entry> byPath() {
        Map<String, Entry> map = new LinkedHashMap<>();
        files.forEach(e -> map.put(e.path(), e));
        return map;
    }

    public byte[] encode() {
        StringBuilder text = new StringBuilder(HEADER).append('\n').append("version ").append(version).append('\n');
        for (Entry e : files) {
            text.append("sha256 ").append(HexFormat.of().formatHex(e.sha256())).append(' ').append(e.size())
                    .append(' ').append(e.path()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static BundleManifest parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("version ")) {
            throw new IllegalArgumentException("not an Anvil bundle manifest");
        }
        List<Entry> files = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] fields = lines[i].split(" ", 4);
            if (fields.length != 4 || !fields[0].equals("sha256")) {
                throw new IllegalArgumentException("bad manifest line " + (i + 1) + ": " + lines[i]);
            }
            try {
                files.add(new Entry(fields[3], Long.parseLong(fields[2]), HexFormat.of().parseHex(fields[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad manifest line " + (i + 1) + ": " + lines[i], e);
            }
        }
        return new BundleManifest(lines[1].substring("version ".length()), files);
    }
}
