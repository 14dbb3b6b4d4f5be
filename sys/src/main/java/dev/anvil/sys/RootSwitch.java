package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.POINTER;

/**
 * Leaving the initramfs for the real root, as switch_root does: the initramfs (rootfs) cannot be pivoted away, so
 * the new root's mount moves onto "/" and the process chroots into it. Files the process has open or mapped from
 * the initramfs (the JVM's own) stay valid; the initramfs's memory is not freed.
 */
public final class RootSwitch {
    private static final MethodHandle CHDIR = Libc.withErrno("chdir", FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle CHROOT = Libc.withErrno("chroot", FunctionDescriptor.of(INT, POINTER));

    private RootSwitch() {
    }

    /** Makes the filesystem mounted at {@code newRoot} this process's "/" (and its working directory). */
    public static void switchTo(String newRoot) {
        call(CHDIR, "chdir", newRoot);
        Mounts.move(newRoot, "/");
        call(CHROOT, "chroot", ".");
        call(CHDIR, "chdir", "/");
    }

    private static void call(MethodHandle handle, String name, String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) handle.invokeExact(slot, arena.allocateFrom(path));
            Libc.check(rc, slot, name, path);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
