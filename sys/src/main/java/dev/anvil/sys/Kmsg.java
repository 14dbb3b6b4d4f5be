package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * The kernel log (/dev/kmsg): every read returns one record. Reading is non-blocking so that "what is there now"
 * ends, and following polls with a timeout so that it can be stopped; both block in FFM calls, so run them on
 * platform threads.
 */
public final class Kmsg implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int EPIPE = 32;
    private static final short POLLIN = 1;
    private static final int RECORD_MAX = 8192;

    private static final MethodHandle OPEN = Libc.withErrno("open", FunctionDescriptor.of(INT, POINTER, INT));
    private static final MethodHandle READ = Libc.withErrno("read", FunctionDescriptor.of(LONG, INT, POINTER, LONG));
    private static final MethodHandle POLL = Libc.withErrno("poll", FunctionDescriptor.of(INT, POINTER, LONG, INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment slot = Libc.errnoSlot(arena);
    private final MemorySegment buffer = arena.allocate(RECORD_MAX);
    private final int fd;

    /** Opens the log positioned at its oldest record. */
    public Kmsg() {
        try {
            fd = Libc.check((int) OPEN.invokeExact(slot, arena.allocateFrom("/dev/kmsg"),
                    O_RDONLY | O_NONBLOCK | O_CLOEXEC), slot, "open", "/dev/kmsg");
        } catch (Throwable t) {
            arena.close();
            throw Libc.rethrow(t);
        }
    }

    /** The records not read yet, oldest first; returns when there are no more. */
    public List<KmsgRecord> readAvailable() {
        List<KmsgRecord> records = new ArrayList<>();
        KmsgRecord r;
        while ((r = readOne()) != null) {
            records.add(r);
        }
        return records;
    }

    /** Hands every new record to {@code sink} until the thread is interrupted. */
    public void follow(Consumer<KmsgRecord> sink) {
        MemorySegment pollFd = arena.allocate(8);
        while (!Thread.currentThread().isInterrupted()) {
            KmsgRecord r = readOne();
            if (r != null) {
                sink.accept(r);
                continue;
            }
            pollFd.set(INT, 0, fd);
            pollFd.set(Libc.SHORT, 4, POLLIN);
            try {
                int ignored = (int) POLL.invokeExact(slot, pollFd, 1L, 200);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        }
    }

    private KmsgRecord readOne() {
        while (true) {
            long n;
            try {
                n = (long) READ.invokeExact(slot, fd, buffer, (long) RECORD_MAX);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n > 0) {
                byte[] bytes = buffer.asSlice(0, n).toArray(Libc.BYTE);
                return KmsgRecord.parse(new String(bytes, StandardCharsets.UTF_8));
            }
            int errno = Libc.errno(slot);
            if (n == 0 || errno == SyscallException.EAGAIN) {
                return null;
            }
            if (errno != EPIPE && errno != SyscallException.EINTR) {
                throw new SyscallException("read", "/dev/kmsg", errno);
            }
            // EPIPE: the record we were about to read was overwritten; the next read goes on from the oldest left
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(fd);
        } finally {
            arena.close();
        }
    }
}
