package dev.anvil.machined.server.files;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.CopyRequest;
import dev.anvil.api.machine.DiskUsageInfo;
import dev.anvil.api.machine.DiskUsageRequest;
import dev.anvil.api.machine.FileInfo;
import dev.anvil.api.machine.ListRequest;
import dev.anvil.api.machine.ReadRequest;
import io.grpc.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The machine service's file RPCs (List, Read, Copy, DiskUsage) over the part of the file system that the
 * {@link Roots} show. Each method feeds one call's stream and returns when it is complete; a request that cannot be
 * served throws a StatusRuntimeException, a cancelled call an InterruptedException. A file that cannot be read
 * does not end a walk: List and DiskUsage report it in the entry's error, Copy leaves it out and fails the call
 * once the archive is complete, naming what it left out (Talos does the same).
 */
public final class NodeFiles {
    /** Read and Copy send Data messages of this many bytes (the last one shorter). */
    public static final int CHUNK = 64 * 1024;
    /** At most this many of the files Copy left out are named in the call's error. */
    private static final int NAMED_PROBLEMS = 20;

    private final Roots roots;

    public NodeFiles(Roots roots) {
        this.roots = roots;
    }

    /** The node's own directories, {@link Roots#NODE}. */
    public static NodeFiles node() {
        return new NodeFiles(Roots.node());
    }

    /**
     * The root (/ when empty) and what lies below it, as Talos lists: without {@code recurse} only the root's own
     * entries, with it down to {@code recursion_depth} levels (0 or less: all). {@code types} keeps only those
     * types (failed entries always pass); {@code report_xattrs} is not served (no extended attributes are sent).
     */
    public void list(ListRequest request, Sink<FileInfo> out) throws InterruptedException {
        Path start = roots.start(request.getRoot().isEmpty() ? "/" : request.getRoot());
        int depth = !request.getRecurse() ? 1 : request.getRecursionDepth() <= 0 ? -1 : request.getRecursionDepth();
        Set<ListRequest.Type> types = request.getTypesList().isEmpty() ? EnumSet.allOf(ListRequest.Type.class)
                : EnumSet.copyOf(request.getTypesList());
        new Walker(roots, depth).walk(start, false, entry -> {
            if (entry.failed()) {
                out.send(FileInfo.newBuilder().setName(entry.path().toString()).setRelativeName(entry.relative())
                        .setError(entry.error()).build());
            } else if (types.contains(type(entry.attributes()))) {
                out.send(fileInfo(entry));
            }
        });
    }

    /**
     * A regular file's bytes (after following symbolic links), as they are when read. Anything else is refused
     * before it is opened: opening a named pipe would wait for a writer.
     */
    public void read(ReadRequest request, Sink<Data> out) throws InterruptedException {
        Path file = roots.file(request.getPath());
        try {
            FileAttributes attributes = FileAttributes.of(file);
            if (!attributes.isRegular()) {
                throw Status.INVALID_ARGUMENT.withDescription("\"" + file + "\" is " + attributes.typeName()
                        + ", not a regular file").asRuntimeException();
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                    var chunks = new ChunkedOutput(out, CHUNK)) {
                in.transferTo(chunks);
            }
        } catch (InterruptedIOException e) {
            throw interrupted(e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(e);
            }
            throw (e instanceof AccessDeniedException ? Status.PERMISSION_DENIED : Status.UNKNOWN)
                    .withDescription("reading " + Entry.describe(e)).asRuntimeException();
        }
    }

    /** The gzip-compressed tar archive of a file or a directory; see {@link Archive}. */
    public void copy(CopyRequest request, Sink<Data> out) throws InterruptedException {
        Path start = roots.start(request.getRootPath());
        List<String> problems = Archive.write(roots, start, out, CHUNK);
        if (!problems.isEmpty()) {
            String named = String.join("; ", problems.subList(0, Math.min(NAMED_PROBLEMS, problems.size())));
            String more = problems.size() > NAMED_PROBLEMS ? "; and " + (problems.size() - NAMED_PROBLEMS)
                    + " more" : "";
            throw Status.UNKNOWN.withDescription("the archive of " + start + " was sent without "
                    + problems.size() + " entries: " + named + more).asRuntimeException();
        }
    }

    /** Disk usage of each path; see {@link Usage}. */
    public void usage(DiskUsageRequest request, Sink<DiskUsageInfo> out) throws InterruptedException {
        Usage.measure(roots, request, out);
    }

    private static FileInfo fileInfo(Entry entry) {
        FileAttributes a = entry.attributes();
        return FileInfo.newBuilder()
                .setName(entry.path().toString())
                .setRelativeName(entry.relative())
                .setSize(a.size())
                .setMode(goMode(a.mode()))
                .setModified(a.modified())
                .setIsDir(a.isDirectory())
                .setLink(entry.link() == null ? "" : entry.link())
                .setUid((int) a.uid())
                .setGid((int) a.gid())
                .build();
    }

    /** Talos's List filters: the other types (devices, pipes, sockets) match none of them, as there. */
    private static ListRequest.Type type(FileAttributes a) {
        return switch (a.type()) {
            case FileAttributes.REGULAR -> ListRequest.Type.REGULAR;
            case FileAttributes.DIRECTORY -> ListRequest.Type.DIRECTORY;
            case FileAttributes.SYMLINK -> ListRequest.Type.SYMLINK;
            default -> ListRequest.Type.UNRECOGNIZED;
        };
    }

    /**
     * FileInfo.mode is Go's os.FileMode, not st_mode: the permission bits low, and the type, set-id and sticky bits
     * high (directory 1<<31, symbolic link 1<<27, device 1<<26, named pipe 1<<25, socket 1<<24, setuid 1<<23,
     * setgid 1<<22, character device 1<<21 with the device bit, sticky 1<<20), which talosctl prints as Go does.
     */
    static int goMode(int mode) {
        int go = mode & 0777;
        go |= switch (mode & FileAttributes.TYPE_MASK) {
            case FileAttributes.DIRECTORY -> 1 << 31;
            case FileAttributes.SYMLINK -> 1 << 27;
            case FileAttributes.BLOCK_DEVICE -> 1 << 26;
            case FileAttributes.CHAR_DEVICE -> 1 << 26 | 1 << 21;
            case FileAttributes.FIFO -> 1 << 25;
            case FileAttributes.SOCKET -> 1 << 24;
            default -> 0;
        };
        if ((mode & 04000) != 0) {
            go |= 1 << 23;
        }
        if ((mode & 02000) != 0) {
            go |= 1 << 22;
        }
        if ((mode & 01000) != 0) {
            go |= 1 << 20;
        }
        return go;
    }

    private static InterruptedException interrupted(IOException e) {
        var cancelled = new InterruptedException("the call was cancelled");
        cancelled.initCause(e);
        return cancelled;
    }
}
