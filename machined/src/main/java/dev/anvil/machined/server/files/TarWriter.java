package dev.anvil.machined.server.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a tar stream in the POSIX pax interchange format: each entry is a ustar header block, preceded by a pax
 * extended header when its name, link target, size, owner ids or time do not fit ustar's fields (names longer than
 * ustar's 100 + 155 bytes, names that are not ASCII, files of 8 GiB and more); then the entry's data, zero-padded
 * to whole 512-byte blocks. {@link #finish()} writes the two zero blocks that end an archive.
 *
 * <p>The caller writes exactly the size the header announced, or calls {@link #end()} early, which fills the rest
 * with zeros: a file that shrank while it was being read still leaves a readable archive.
 */
final class TarWriter {
    static final int BLOCK = 512;

    /** Entry types (ustar's typeflag). */
    static final char REGULAR = '0';
    static final char SYMLINK = '2';
    static final char CHAR_DEVICE = '3';
    static final char BLOCK_DEVICE = '4';
    static final char DIRECTORY = '5';
    static final char FIFO = '6';
    private static final char PAX = 'x';

    /** One entry: {@code mode} holds the permission bits (with set-id and sticky), {@code modified} is seconds. */
    record Header(String name, char type, int mode, long uid, long gid, long size, long modified, String link,
            long deviceMajor, long deviceMinor) {
    }

    private final OutputStream out;
    private long remaining;
    private long written;
    private boolean open;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void begin(Header header) throws IOException {
        if (open) {
            throw new IllegalStateException("the previous entry was not ended");
        }
        Map<String, String> pax = new LinkedHashMap<>();
        byte[] block = new byte[BLOCK];
        text(block, 0, 100, header.name(), "path", pax);
        octal(block, 100, 8, header.mode() & 07777, null, pax);
        octal(block, 108, 8, header.uid(), "uid", pax);
        octal(block, 116, 8, header.gid(), "gid", pax);
        octal(block, 124, 12, header.size(), "size", pax);
        octal(block, 136, 12, header.modified(), "mtime", pax);
        block[156] = (byte) header.type();
        text(block, 157, 100, header.link(), "linkpath", pax);
        ascii(block, 257, "ustar\0" + "00");
        octal(block, 329, 8, header.deviceMajor(), null, pax);
        octal(block, 337, 8, header.deviceMinor(), null, pax);
        if (!pax.isEmpty()) {
            byte[] records = records(pax);
            byte[] extended = new byte[BLOCK];
            ascii(extended, 0, "PaxHeaders/entry");
            octal(extended, 100, 8, 0644, null, pax);
            octal(extended, 108, 8, 0, null, pax);
            octal(extended, 116, 8, 0, null, pax);
            octal(extended, 124, 12, records.length, null, pax);
            octal(extended, 136, 12, Math.max(0, Math.min(header.modified(), 077777777777L)), null, pax);
            extended[156] = (byte) PAX;
            ascii(extended, 257, "ustar\0" + "00");
            out.write(checksummed(extended));
            out.write(records);
            pad(records.length);
        }
        out.write(checksummed(block));
        remaining = header.size();
        written = 0;
        open = true;
    }

    /** Data of the entry begun; never more than its header announced. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > remaining) {
            throw new IllegalStateException("the entry takes " + remaining + " more bytes, not " + length);
        }
        out.write(bytes, offset, length);
        remaining -= length;
        written += length;
    }

    /** Ends the entry: the data not written are zeros, then padding to the block. */
    void end() throws IOException {
        byte[] zeros = new byte[BLOCK * 16];
        while (remaining > 0) {
            int n = (int) Math.min(zeros.length, remaining);
            write(zeros, 0, n);
        }
        pad(written);
        open = false;
    }

    /** The end-of-archive marker; the output stays open. */
    void finish() throws IOException {
        if (open) {
            throw new IllegalStateException("the last entry was not ended");
        }
        out.write(new byte[2 * BLOCK]);
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** A name or link target: as it is if it fits, else split into ustar's prefix and name, else in pax. */
    private static void text(byte[] block, int offset, int length, String value, String key,
            Map<String, String> pax) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean plain = value.chars().allMatch(c -> c > 0 && c < 128);
        if (plain && value.length() <= length) {
            ascii(block, offset, value);
            return;
        }
        if (plain && key.equals("path")) {
            for (int slash = value.indexOf('/'); slash > 0; slash = value.indexOf('/', slash + 1)) {
                int rest = value.length() - slash - 1;
                if (slash <= 155 && rest > 0 && rest <= 100) {
                    ascii(block, 345, value.substring(0, slash));
                    ascii(block, offset, value.substring(slash + 1));
                    return;
                }
            }
        }
        pax.put(key, value);
        String fallback = value.replaceAll("[^\\x01-\\x7f]", "_");
        ascii(block, offset, fallback.substring(Math.max(0, fallback.length() - length)));
    }

    /** A number in octal with a closing NUL; one too large (or negative) goes to pax when it has a key. */
    private static void octal(byte[] block, int offset, int length, long value, String key,
            Map<String, String> pax) {
        long limit = 1L << (3 * (length - 1));
        if (value < 0 || value >= limit) {
            if (key != null) {
                pax.put(key, Long.toString(value));
            }
            value = value < 0 ? 0 : limit - 1;
        }
        String digits = Long.toOctalString(value);
        ascii(block, offset, "0".repeat(length - 1 - digits.length()) + digits);
    }

    private static void ascii(byte[] block, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }

    /** The checksum: the sum of the header's bytes, its own field counted as spaces. */
    private static byte[] checksummed(byte[] block) {
        Arrays.fill(block, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        String digits = Integer.toOctalString(sum);
        ascii(block, 148, "0".repeat(6 - digits.length()) + digits);
        block[154] = 0;
        return block;
    }

    /** pax records: "LENGTH key=value\n", LENGTH counting the whole record, its own digits included. */
    private static byte[] records(Map<String, String> pax) {
        StringBuilder all = new StringBuilder();
        for (var field : pax.entrySet()) {
            String body = " " + field.getKey() + "=" + field.getValue() + "\n";
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            int length = bytes + 1;
            while (length != bytes + Integer.toString(length).length()) {
                length = bytes + Integer.toString(length).length();
            }
            all.append(length).append(body);
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }
}
