package dev.anvil.imager;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cpio "newc" format the kernel unpacks as an initramfs: per entry a 110-byte ASCII header (magic 070701 and
 * thirteen 8-digit hex fields), the NUL-terminated name and the data, each padded to 4 bytes; a {@code TRAILER!!!}
 * entry ends the archive. Written reproducibly: entries in byte order of their paths, owner root, one fixed mtime,
 * inode numbers counted in that order, hard links not kept (each is a file of its own).
 */
public final class Cpio {
    private static final String MAGIC = "070701";
    private static final String TRAILER = "TRAILER!!!";
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    /** One entry as {@link #list} reads it back: its path (no leading "/" or "./"), mode bits and size. */
    public record Entry(String name, int mode, long size) {
        public boolean directory() {
            return (mode & 0170000) == S_IFDIR;
        }

        public boolean symlink() {
            return (mode & 0170000) == S_IFLNK;
        }
    }

    private Cpio() {
    }

    /** Writes the tree under {@code root} (not {@code root} itself) to {@code out}. */
    public static void write(Path root, OutputStream out, long mtime) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).map(root::relativize)
                    .sorted((a, b) -> compareBytes(a.toString(), b.toString())).toList();
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        Writer writer = new Writer(buffered);
        int ino = 1;
        for (Path relative : paths) {
            Path file = root.resolve(relative);
            String name = relative.toString();
            if (Files.isSymbolicLink(file)) {
                byte[] target = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
                writer.header(ino++, S_IFLNK | 0777, mtime, target.length, name);
                writer.data(target);
            } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                writer.header(ino++, S_IFDIR | permissions(file), mtime, 0, name);
            } else {
                long size = Files.size(file);
                writer.header(ino++, S_IFREG | permissions(file), mtime, size, name);
                try (InputStream in = Files.newInputStream(file)) {
                    long copied = in.transferTo(buffered);
                    if (copied != size) {
                        throw new IOException(file + " changed while it was archived");
                    }
                    writer.count += copied;
                }
                writer.pad();
            }
        }
        writer.header(0, 0, 0, 0, TRAILER);
        buffered.flush();
    }

    /** The entries of a newc archive (not the trailer), in archive order. */
    public static List<Entry> list(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        while (true) {
            byte[] header = new byte[110];
            try {
                data.readFully(header);
            } catch (EOFException e) {
                return entries;
            }
            String text = new String(header, StandardCharsets.US_ASCII);
            if (!text.startsWith(MAGIC)) {
                throw new IOException("not a newc cpio header at byte " + offset);
            }
            int mode = (int) field(text, 1);
            long size = field(text, 6);
            int nameSize = (int) field(text, 11);
            byte[] name = new byte[nameSize];
            data.readFully(name);
            offset += 110 + nameSize;
            offset += skip(data, padding(offset));
            String path = new String(name, 0, nameSize - 1, StandardCharsets.UTF_8);
            if (path.equals(TRAILER)) {
                return entries;
            }
            data.skipNBytes(size);
            offset += size;
            offset += skip(data, padding(offset));
            entries.add(new Entry(path, mode, size));
        }
    }

    private static long field(String header, int index) {
        int start = MAGIC.length() + index * 8;
        return Long.parseLong(header.substring(start, start + 8), 16);
    }

    private static int skip(DataInputStream data, int n) throws IOException {
        data.skipNBytes(n);
        return n;
    }

    private static int padding(long offset) {
        return (int) ((4 - offset % 4) % 4);
    }

    private static int permissions(Path file) throws IOException {
        Set<PosixFilePermission> set = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        int bits = 0;
        for (PosixFilePermission p : set) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    /** Paths sort by their UTF-8 bytes, as {@code LC_ALL=C sort} does, whatever the JVM's locale. */
    static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Writer {
        private final OutputStream out;
        long count;

        Writer(OutputStream out) {
            this.out = out;
        }

        void header(int ino, int mode, long mtime, long size, String name) throws IOException {
            if (size > 0xffffffffL) {
                throw new IOException(name + " is too large for a newc archive");
            }
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            int nlink = (mode & 0170000) == S_IFDIR ? 2 : 1;
            String header = MAGIC + hex(ino) + hex(mode) + hex(0) + hex(0) + hex(mode == 0 ? 1 : nlink) + hex(mtime)
                    + hex(size) + hex(0) + hex(0) + hex(0) + hex(0) + hex(nameBytes.length + 1) + hex(0);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(nameBytes);
            out.write(0);
            count += 110 + nameBytes.length + 1;
            pad();
        }

        void data(byte[] bytes) throws IOException {
            out.write(bytes);
            count += bytes.length;
            pad();
        }

        void pad() throws IOException {
            int n = padding(count);
            out.write(new byte[n]);
            count += n;
        }

        private static String hex(long value) {
            return String.format("%08x", value);
        }
    }
}
