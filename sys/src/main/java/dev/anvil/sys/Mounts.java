package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/** mount(2) and umount2(2). Flags are the kernel's MS_* and MNT_* bits. */
public final class Mounts {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MOVE = 8192;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;
    public static final long MS_SHARED = 1L << 20;
    public static final int MNT_DETACH = 2;

    private static final MethodHandle MOUNT = Libc.withErrno("mount",
            FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, LONG, POINTER));
    private static final MethodHandle UMOUNT2 = Libc.withErrno("umount2", FunctionDescriptor.of(INT, POINTER, INT));

    private Mounts() {
    }

    /** Mounts a filesystem; {@code source}, {@code type} and {@code options} may be null where the kernel allows. */
    public static void mount(String source, String target, String type, long flags, String options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) MOUNT.invokeExact(slot, text(arena, source), arena.allocateFrom(target),
                    text(arena, type), flags, text(arena, options));
            Libc.check(rc, slot, "mount", (source == null ? "" : source + " -> ") + target
                    + (type == null ? "" : " type " + type));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Makes {@code source} visible at {@code target} too (recursively). */
    public static void bind(String source, String target) {
        mount(source, target, null, MS_BIND | MS_REC, null);
    }

    /** Moves the mount at {@code source} (with what is mounted below it) to {@code target}. */
    public static void move(String source, String target) {
        mount(source, target, null, MS_MOVE, null);
    }

    /** Stops mount events propagating between this mount namespace and others, below {@code target}. */
    public static void makeRecursivelyPrivate(String target) {
        mount(null, target, null, MS_REC | MS_PRIVATE, null);
    }

    public static void unmount(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) UMOUNT2.invokeExact(slot, arena.allocateFrom(target), flags);
            Libc.check(rc, slot, "umount2", target);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static MemorySegment text(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }
}
