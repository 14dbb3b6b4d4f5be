package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * Collects the exit status of every child of this process, including orphans re-parented to it when it is PID 1 or a
 * subreaper, with {@code waitid(P_ALL)} on one platform thread (the call blocks, so it must not pin a virtual
 * thread's carrier).
 *
 * <p>There is one reaper a process, because {@code waitid(P_ALL)} takes any child's status: nothing else in the
 * process may wait for children, so {@link java.lang.ProcessBuilder} must not be used where the reaper runs.
 */
public final class Reaper {
    private static final int P_ALL = 0;
    private static final int WEXITED = 4;
    private static final int CLD_EXITED = 1;
    private static final int CLD_DUMPED = 3;
    private static final long SIGINFO_SIZE = 128;

    private static final MethodHandle WAITID = Libc.withErrno("waitid",
            FunctionDescriptor.of(INT, INT, INT, POINTER, INT));
    private static final int PR_SET_CHILD_SUBREAPER = 36;

    /** prctl, for {@link #becomeSubreaper}: a PID 1 needs none (see {@link Libc} on holders). */
    private static final class Prctl {
        static final MethodHandle HANDLE = Libc.withErrno("prctl",
                FunctionDescriptor.of(INT, INT, LONG, LONG, LONG, LONG));
    }

    private static final Reaper INSTANCE = new Reaper();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition childrenExist = lock.newCondition();
    private final Map<Long, CompletableFuture<ExitStatus>> waiting = new HashMap<>();
    private final AtomicLong orphansReaped = new AtomicLong();
    private volatile Consumer<ExitStatus> orphanListener = status -> { };
    private long spawned;
    private Thread thread;

    private Reaper() {
    }

    /** The process's reaper, started on first use. */
    public static Reaper get() {
        INSTANCE.start();
        return INSTANCE;
    }

    /** Makes this process adopt its descendants' orphans, as PID 1 does (prctl PR_SET_CHILD_SUBREAPER). */
    public void becomeSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) Prctl.HANDLE.invokeExact(slot, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            Libc.check(rc, slot, "prctl", "PR_SET_CHILD_SUBREAPER");
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Called for every reaped process nobody spawned through {@link Spawner} (orphans). */
    public void onOrphan(Consumer<ExitStatus> listener) {
        orphanListener = listener;
    }

    public long orphansReaped() {
        return orphansReaped.get();
    }

    /**
     * Starts a child and returns its exit status to come. The start runs under the reaper's lock, so the child's
     * exit cannot be reaped before it is registered, however fast it ends.
     */
    CompletableFuture<ExitStatus> startTracked(LongSupplier start) {
        lock.lock();
        try {
            long pid = start.getAsLong();
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            waiting.put(pid, exit);
            spawned++;
            childrenExist.signalAll();
            return exit;
        } finally {
            lock.unlock();
        }
    }

    private synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("anvil-reaper").start(this::loop);
        }
    }

    private void loop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            MemorySegment info = arena.allocate(SIGINFO_SIZE);
            long seen = 0;
            while (true) {
                info.fill((byte) 0);
                int rc = (int) WAITID.invokeExact(slot, P_ALL, 0, info, WEXITED);
                if (rc == 0) {
                    dispatch(status(info));
                    continue;
                }
                int errno = Libc.errno(slot);
                if (errno == SyscallException.ECHILD) {
                    seen = awaitChildren(seen);
                } else if (errno != SyscallException.EINTR) {
                    throw new SyscallException("waitid", "P_ALL", errno);
                }
            }
        } catch (Throwable t) {
            System.err.println("anvil-reaper stopped: " + t);
        }
    }

    /** Sleeps until a spawn happened after the one counted in {@code seen}; returns the new count. */
    private long awaitChildren(long seen) throws InterruptedException {
        lock.lock();
        try {
            while (spawned == seen) {
                childrenExist.await();
            }
            return spawned;
        } finally {
            lock.unlock();
        }
    }

    private static ExitStatus status(MemorySegment info) {
        int code = info.get(INT, 8);
        long pid = info.get(INT, 16);
        int status = info.get(INT, 24);
        return code == CLD_EXITED
                ? new ExitStatus.Exited(pid, status)
                : new ExitStatus.Killed(pid, status, code == CLD_DUMPED);
    }

    private void dispatch(ExitStatus status) {
        CompletableFuture<ExitStatus> waiter;
        lock.lock();
        try {
            waiter = waiting.remove(status.pid());
            if (waiter == null) {
                orphansReaped.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
        if (waiter != null) {
            waiter.complete(status);
        } else {
            orphanListener.accept(status);
        }
    }
}
