package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static dev.anvil.sys.Libc.INT;

/**
 * unshare(2). Network and UTS namespaces belong to the calling thread, so a platform thread may move itself; mount,
 * PID and user namespaces need a single-threaded process, which is why the node launcher creates them before the
 * JVM starts.
 */
public final class Namespaces {
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    private static final MethodHandle UNSHARE = Libc.withErrno("unshare", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETNS = Libc.withErrno("setns", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle OPEN = Libc.withErrno("open", FunctionDescriptor.of(INT, Libc.POINTER, INT));
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private Namespaces() {
    }

    public static void unshare(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) UNSHARE.invokeExact(slot, flags);
            Libc.check(rc, slot, "unshare", "0x" + Integer.toHexString(flags));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Moves the calling thread into the namespace that {@code path} names (such as {@code /proc/PID/ns/net}); the
     * namespace type must be one a thread may enter alone (network, UTS).
     */
    public static void enter(String path, int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int fd = Libc.check((int) OPEN.invokeExact(slot, arena.allocateFrom(path), O_RDONLY_CLOEXEC), slot,
                    "open", path);
            try {
                int rc = (int) SETNS.invokeExact(slot, fd, type);
                Libc.check(rc, slot, "setns", path);
            } finally {
                Libc.close(fd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Runs {@code body} on a fresh platform thread that first entered the namespace {@code path} names; the thread
     * then ends, so no other thread of the JVM ever changes namespace. Returns what the body returned.
     */
    public static <T> T runInside(String path, int type, Callable<T> body) throws Exception {
        return onOwnThread("in " + path, () -> {
            enter(path, type);
            return body.call();
        });
    }

    /** Runs {@code body} on a fresh platform thread (which may move itself), waits for it, returns its result. */
    public static <T> T onOwnThread(String name, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
