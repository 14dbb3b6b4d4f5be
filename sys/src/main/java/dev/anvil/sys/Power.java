package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;

/**
 * reboot(2): restart or power off the machine, after syncing filesystems. Called as PID 1 of a child PID namespace
 * it ends only that namespace, which is how a container-mode node stops.
 */
public final class Power {
    public enum Action {
        REBOOT(0x01234567), POWER_OFF(0x4321fedc), HALT(0xcdef0123);

        final int command;

        Action(int command) {
            this.command = command;
        }
    }

    private static final MethodHandle SYNC = Libc.plain("sync", FunctionDescriptor.ofVoid());
    private static final MethodHandle REBOOT = Libc.withErrno("reboot", FunctionDescriptor.of(INT, INT));

    private Power() {
    }

    /** Does not return when it works. Refuses unless this process is PID 1 of its namespace. */
    public static void reboot(Action action) {
        if (ProcessHandle.current().pid() != 1) {
            throw new IllegalStateException("reboot(2) is only for PID 1; this process is "
                    + ProcessHandle.current().pid());
        }
        try (Arena arena = Arena.ofConfined()) {
            SYNC.invokeExact();
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) REBOOT.invokeExact(slot, action.command);
            Libc.check(rc, slot, "reboot", action.name());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
