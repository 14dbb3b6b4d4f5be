package dev.anvil.sys;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;

import static dev.anvil.sys.Libc.INT;

/**
 * A started process: its PID, its exit status to come (from the {@link Reaper}), and its output when captured
 * (null otherwise; read it until end of stream, which comes when the process and its children have closed it).
 */
public record Child(long pid, CompletableFuture<ExitStatus> exit, InputStream output) {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final MethodHandle KILL = Libc.withErrno("kill", FunctionDescriptor.of(INT, INT, INT));

    /** Sends a signal; a process that has already ended is not an error. */
    public void signal(int signal) {
        send((int) pid, signal);
    }

    /** Sends a signal to the child's whole process group (it leads one when started in a new session). */
    public void signalGroup(int signal) {
        send((int) -pid, signal);
    }

    private void send(int target, int signal) {
        if (exit.isDone()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) KILL.invokeExact(slot, target, signal);
            if (rc == -1 && Libc.errno(slot) != 3 /* ESRCH: already gone */) {
                throw new SyscallException("kill", target + ", " + signal, Libc.errno(slot));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
