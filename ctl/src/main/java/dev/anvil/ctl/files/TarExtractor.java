package dev.anvil.ctl.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts a tar stream (ustar headers, with pax extended headers or GNU long names) into a local directory, as
 * talosctl copy does: directories (made rwx for their owner), regular files (never over an existing one) and
 * symbolic links, with their permission bits but neither their owner nor their time. What cannot be made without
 * privileges (hard links, devices, named pipes) is skipped, and said so. Nothing lands outside the directory: an
 * entry named with {@code ..}, or one that would be written through a symbolic link leading out, is an error.
 */
public final class TarExtractor {
    private static final int BLOCK = 512;

    private final InputStream in;
    private final Path dir;
    private final Path realDir;
    private final List<String> skipped = new ArrayList<>();

    private TarExtractor(InputStream in, Path dir) throws IOException {
        this.in = in;
        this.dir = dir;
        this.realDir = dir.toRealPath();
    }

    /** Extracts into {@code dir} (made when missing); returns a line for each entry skipped. */
    public static List<String> extract(InputStream tar, Path dir) throws IOException {
        Files.createDirectories(dir);
        TarExtractor extractor = new TarExtractor(tar, dir);
        extractor.run();
        return extractor.skipped;
    }

    private void run() throws IOException {
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK) {
                throw new EOFException("the archive ends without its end marker");
            }
            if (isZeros(header)) {
                return;
            }
            checkSum(header);
            char type = (char) header[156];
            long ownSize = number(header, 124, 12);
            switch (type) {
                case 'x' -> pax.putAll(records(data(ownSize)));
                case 'g' -> skip(ownSize);
                case 'L' -> longName = text(data(ownSize), 0, (int) ownSize);
                case 'K' -> longLink = text(data(ownSize), 0, (int) ownSize);
                default -> {
                    String name = pax.getOrDefault("path", longName != null ? longName : ustarName(header));
                    String link = pax.getOrDefault("linkpath", longLink != null ? longLink : text(header, 157, 100));
                    long size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : ownSize;
                    entry(name, type, (int) number(header, 100, 8), link, size);
                    pax.clear();
                    longName = null;
                    longLink = null;
                }
            }
        }
    }

    private void entry(String name, char type, int mode, String link, long size) throws IOException {
        Path target = target(name);
        if (target == null) {
            skip(size);
            return;
        }
        switch (type) {
            case '5' -> {
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, permissions(mode | 0700));
                skip(size);
            }
            case '2' -> {
                Files.createSymbolicLink(target, Path.of(link));
                skip(size);
            }
            case '0', '\0', '7' -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    copy(name, size, out);
                }
                Files.setPosixFilePermissions(target, permissions(mode));
            }
            default -> {
                skipped.add("skipped " + name + ": " + kind(type) + " cannot be made here");
                skip(size);
            }
        }
    }

    /** Where an entry goes; null for the directory itself ("." or "./"). */
    private Path target(String name) throws IOException {
        Path relative = Path.of(name.replaceFirst("^/+", "")).normalize();
        if (relative.toString().isEmpty()) {
            return null;
        }
        if (relative.startsWith("..")) {
            throw new IOException("the archive names \"" + name + "\", which lies outside " + dir);
        }
        Path target = dir.resolve(relative);
        Path existing = target;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!existing.toRealPath().startsWith(realDir)) {
            throw new IOException("the archive's \"" + name + "\" would be written through a symbolic link out of "
                    + dir);
        }
        return target;
    }

    private void copy(String name, long size, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the archive ends inside " + name);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        in.skipNBytes(padding(size));
    }

    private byte[] data(long size) throws IOException {
        byte[] data = in.readNBytes(Math.toIntExact(size));
        if (data.length < size) {
            throw new EOFException("the archive ends inside a header");
        }
        in.skipNBytes(padding(size));
        return data;
    }

    private void skip(long size) throws IOException {
        in.skipNBytes(size + padding(size));
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String ustarName(byte[] header) {
        String name = text(header, 0, 100);
        String prefix = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")
                ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** A field up to its first NUL. */
    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal field, or a base-256 one (its first byte's high bit set) as GNU tar writes large numbers. */
    private static long number(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = value << 8 | (header[i] & 0xff);
            }
            return value;
        }
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static void checkSum(byte[] header) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != number(header, 148, 8)) {
            throw new IOException("not a tar archive (a header's checksum is wrong)");
        }
    }

    /** pax records: "LENGTH key=value\n", LENGTH counting the whole record. */
    private static Map<String, String> records(byte[] data) throws IOException {
        Map<String, String> records = new HashMap<>();
        int position = 0;
        while (position < data.length) {
            int space = position;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("a pax header is malformed");
            }
            if (length <= space - position || position + length > data.length) {
                throw new IOException("a pax header is malformed");
            }
            String record = new String(data, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals > 0) {
                records.put(record.substring(0, equals), record.substring(equals + 1));
            }
            position += length;
        }
        return records;
    }

    private static boolean isZeros(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String kind(char type) {
        return switch (type) {
            case '1' -> "a hard link";
            case '3' -> "a character device";
            case '4' -> "a block device";
            case '6' -> "a named pipe";
            default -> "an entry of type '" + type + "'";
        };
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();  // OWNER_READ first, OTHERS_EXECUTE last
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }
}
