package dev.anvil.machined.containerd;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar archive (ustar, with GNU long names and pax path records) entry by entry as it streams past: an OCI
 * image arrives this way, and its blobs go on to containerd without being stored first. {@link #next()} skips what
 * the previous entry's reader left unread.
 */
final class TarStream {
    private static final int BLOCK = 512;

    /** A regular file of the archive; {@link #content} reads exactly its {@code size} bytes. */
    record Entry(String name, long size, InputStream content) {
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    TarStream(InputStream in) {
        this.in = in;
    }

    /** The next regular file, or null at the end of the archive. */
    Entry next() throws IOException {
        String longName = null;
        while (true) {
            skip(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] header = new byte[BLOCK];
            if (!readFully(header)) {
                return null;
            }
            if (allZero(header)) {
                return null;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty() && header[257] == 'u') {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            byte type = header[156];
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == 'L' || type == 'x') {
                byte[] data = readEntry(size);
                remaining = 0;
                skip(padding);
                padding = 0;
                longName = type == 'L' ? text(data, 0, data.length) : paxPath(data, longName);
                continue;
            }
            if (type != '0' && type != 0 && type != '7') {
                continue;
            }
            String entryName = longName != null ? longName : name;
            return new Entry(normalize(entryName), size, new Content());
        }
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n.startsWith("/") ? n.substring(1) : n;
    }

    /** The {@code path} of a pax header's records ("LEN key=value\n"), or {@code fallback}. */
    private static String paxPath(byte[] data, String fallback) {
        String text = new String(data, StandardCharsets.UTF_8);
        int at = 0;
        while (at < text.length()) {
            int space = text.indexOf(' ', at);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(text.substring(at, space));
            String record = text.substring(space + 1, at + length - 1);
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            at += length;
        }
        return fallback;
    }

    private byte[] readEntry(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("a tar header record of " + size + " bytes is too long");
        }
        byte[] data = new byte[(int) size];
        if (!readFully(data)) {
            throw new EOFException("the tar archive ends inside a header record");
        }
        return data;
    }

    private final class Content extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the tar archive ends inside an entry");
            }
            remaining -= n;
            return n;
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        byte[] sink = new byte[8192];
        while (left > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (r < 0) {
                throw new EOFException("the tar archive ends inside an entry");
            }
            left -= r;
        }
    }

    private boolean readFully(byte[] buffer) throws IOException {
        int at = 0;
        while (at < buffer.length) {
            int n = in.read(buffer, at, buffer.length - at);
            if (n < 0) {
                if (at == 0) {
                    return false;
                }
                throw new EOFException("the tar archive ends inside a header");
            }
            at += n;
        }
        return true;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] block, int offset, int length) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            long value = block[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        String digits = text(block, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive: a header's size is \"" + digits + "\"");
        }
    }
}
