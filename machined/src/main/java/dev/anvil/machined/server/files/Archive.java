package dev.anvil.machined.server.files;

import dev.anvil.api.common.Data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The Copy RPC's archive: a gzip-compressed tar of a tree, as Talos's archiver makes it. A directory's entries are
 * named relative to it (the directory itself is left out, subdirectories end with {@code /}); a single file is
 * named by its own name. Symbolic links, directories, devices and named pipes are stored without data; sockets
 * cannot be, and are left out.
 *
 * <p>What cannot be read is left out too and the archive goes on; {@link #write} returns those problems so the
 * call can report them once the archive is complete. Files of /proc and /sys claim a size of 0 while they hold
 * data: such a file is read whole first (up to {@link #SMALL} bytes) to learn its real size.
 */
final class Archive {
    /** The most a file that claims to be empty is read ahead. */
    static final int SMALL = 1024 * 1024;

    private final List<String> problems = new ArrayList<>();
    private final byte[] buffer = new byte[64 * 1024];
    private final TarWriter tar;

    private Archive(TarWriter tar) {
        this.tar = tar;
    }

    /** Sends the archive of a real path in chunks of {@code chunk} bytes; returns what was left out, and why. */
    static List<String> write(Roots roots, Path start, Sink<Data> out, int chunk) throws InterruptedException {
        try (var gzip = new GZIPOutputStream(new ChunkedOutput(out, chunk), 64 * 1024)) {
            Archive archive = new Archive(new TarWriter(gzip));
            new Walker(roots, -1).walk(start, true, archive::add);
            archive.tar.finish();
            return archive.problems;
        } catch (InterruptedIOException e) {
            throw cancelled(e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the archive of " + start, e);
        }
    }

    private void add(Entry entry) throws InterruptedException {
        if (entry.failed()) {
            problems.add(entry.error());
            return;
        }
        try {
            FileAttributes attributes = entry.attributes();
            char type = switch (attributes.type()) {
                case FileAttributes.REGULAR -> TarWriter.REGULAR;
                case FileAttributes.DIRECTORY -> TarWriter.DIRECTORY;
                case FileAttributes.SYMLINK -> TarWriter.SYMLINK;
                case FileAttributes.CHAR_DEVICE -> TarWriter.CHAR_DEVICE;
                case FileAttributes.BLOCK_DEVICE -> TarWriter.BLOCK_DEVICE;
                case FileAttributes.FIFO -> TarWriter.FIFO;
                default -> 0;
            };
            if (type == 0) {
                problems.add(entry.path() + ": " + attributes.typeName() + " cannot be archived");
            } else if (type == TarWriter.REGULAR) {
                addFile(entry);
            } else {
                tar.begin(header(entry, type, 0));
                tar.end();
            }
        } catch (InterruptedIOException e) {
            throw cancelled(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A regular file: opened before its header is written, so one that cannot be read leaves no trace. */
    private void addFile(Entry entry) throws IOException {
        Path path = entry.path();
        try (InputStream in = open(path)) {
            if (in == null) {
                return;
            }
            long size = entry.attributes().size();
            byte[] ahead = null;
            if (size == 0) {
                try {
                    ahead = in.readNBytes(SMALL + 1);
                } catch (IOException e) {
                    // some kernel files cannot be read at all (EINVAL): stored empty, as Talos does
                    if (!String.valueOf(e.getMessage()).contains("Invalid argument")) {
                        problems.add(Entry.describe(e));
                        return;
                    }
                    ahead = new byte[0];
                }
                if (ahead.length > SMALL) {
                    problems.add(path + ": claims to be empty but holds more than " + SMALL + " bytes");
                    return;
                }
                size = ahead.length;
            }
            tar.begin(header(entry, TarWriter.REGULAR, size));
            if (ahead != null) {
                tar.write(ahead, 0, ahead.length);
            } else {
                copy(in, path, size);
            }
            tar.end();
        }
    }

    private InputStream open(Path path) {
        try {
            return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            problems.add(Entry.describe(e));
            return null;
        }
    }

    /** Exactly {@code size} bytes: a file that shrank meanwhile is padded, one that grew is cut. */
    private void copy(InputStream in, Path path, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("the call was cancelled");
                }
                problems.add(Entry.describe(e) + " (the archive holds zeros from byte " + (size - left) + ")");
                return;
            }
            if (n < 0) {
                problems.add(path + ": shrank from " + size + " to " + (size - left) + " bytes while it was read"
                        + " (the archive holds zeros in its place)");
                return;
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
    }

    private static TarWriter.Header header(Entry entry, char type, long size) {
        FileAttributes a = entry.attributes();
        String name = type == TarWriter.DIRECTORY ? entry.relative() + "/" : entry.relative();
        boolean device = type == TarWriter.CHAR_DEVICE || type == TarWriter.BLOCK_DEVICE;
        return new TarWriter.Header(name, type, a.mode() & 07777, a.uid(), a.gid(), size, a.modified(),
                type == TarWriter.SYMLINK ? entry.link() : null, device ? a.deviceMajor() : 0,
                device ? a.deviceMinor() : 0);
    }

    private static InterruptedException cancelled(InterruptedIOException e) {
        var cancelled = new InterruptedException("the call was cancelled");
        cancelled.initCause(e);
        return cancelled;
    }
}
