package dev.anvil.machined.server.files;

import io.grpc.Status;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The part of the node's file system the file RPCs (List, Read, Copy, DiskUsage) may show.
 *
 * <p>Talos bounds these RPCs by role only (Read and Copy are for os:admin, List and DiskUsage for readers too) and
 * then serves the whole file system. Anvil also keeps them to the node's own directories, {@link #NODE}: /etc,
 * /var, /run and /system, the kernel's views /proc and /sys, and /tmp. In container mode these are exactly what
 * the launcher gives each node (bind mounts of the node's own directories, a fresh proc, sysfs and tmpfs), so
 * nothing of the host is served: not /usr (the host's, read-only), /dev, /home, nor the Anvil build mounted in.
 *
 * <p>A requested path is made absolute (a relative one starts at /), its {@code .} and {@code ..} are resolved,
 * then it must lie in a root; then its symbolic links are resolved and the real path must lie in a root too, so no
 * link leads out. What is served is the real path. Walks (List, Copy, DiskUsage) may also start at a directory
 * above the roots, such as / itself: they then show only the roots and the directories on the way to them. A walk
 * never follows a symbolic link below its start.
 */
public final class Roots {
    /** The node's own directories. */
    public static final List<Path> NODE = List.of(Path.of("/etc"), Path.of("/proc"), Path.of("/run"),
            Path.of("/sys"), Path.of("/system"), Path.of("/tmp"), Path.of("/var"));

    private final List<Path> roots;

    /** Roots given as absolute paths; those that exist are taken as their real paths. */
    public Roots(List<Path> roots) {
        this.roots = roots.stream().map(Roots::real).toList();
    }

    public static Roots node() {
        return new Roots(NODE);
    }

    /**
     * The real path of a file inside a root. PERMISSION_DENIED when it is outside, NOT_FOUND when it does not
     * exist, INVALID_ARGUMENT when the path cannot be one.
     */
    Path file(String requested) {
        return resolve(requested, false);
    }

    /** The real path of a walk's start: inside a root or above one. Fails as {@link #file(String)} does. */
    Path start(String requested) {
        return resolve(requested, true);
    }

    /** Whether a walk shows this path (a real path, or one whose parent is real). */
    boolean visible(Path path) {
        return inside(path) || roots.stream().anyMatch(root -> root.startsWith(path));
    }

    private boolean inside(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private Path resolve(String requested, boolean walk) {
        Path path;
        try {
            path = Path.of(requested.startsWith("/") ? requested : "/" + requested).normalize();
        } catch (InvalidPathException e) {
            throw Status.INVALID_ARGUMENT.withDescription("\"" + requested + "\" is not a path: " + e.getReason())
                    .asRuntimeException();
        }
        if (!(walk ? visible(path) : inside(path))) {
            throw outside("\"" + path + "\" is");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw Status.NOT_FOUND.withDescription("\"" + path + "\" does not exist").asRuntimeException();
        } catch (IOException e) {
            throw Status.FAILED_PRECONDITION.withDescription("cannot resolve \"" + path + "\": "
                    + Entry.describe(e)).asRuntimeException();
        }
        if (!(walk ? visible(real) : inside(real))) {
            throw outside("\"" + path + "\" leads to \"" + real + "\", which is");
        }
        return real;
    }

    private RuntimeException outside(String what) {
        return Status.PERMISSION_DENIED.withDescription(what + " outside the directories this node serves ("
                + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")").asRuntimeException();
    }

    private static Path real(Path root) {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("a root must be absolute: " + root);
        }
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root.normalize();
        }
    }

    @Override
    public String toString() {
        return roots.toString();
    }
}
