package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.POINTER;

/**
 * Setting the system clock: adjtimex(2) with ADJ_SETOFFSET, which moves the clock by an offset in one step (no
 * read-then-set race), and ADJ_NANO, so the offset is in nanoseconds. The clock is global: only a booted node
 * sets it, a container-mode node never does.
 */
public final class Clock {
    static final int ADJ_SETOFFSET = 0x0100;
    static final int ADJ_NANO = 0x2000;
    /** struct timex on 64-bit Linux: 208 bytes; modes at 0, time.tv_sec at 72, time.tv_usec (nanoseconds) at 80. */
    static final long TIMEX_SIZE = 208;
    static final long MODES = 0;
    static final long TIME_SECONDS = 72;
    static final long TIME_FRACTION = 80;

    private Clock() {
    }

    /** Fills a struct timex that steps the clock by {@code offset}: seconds rounded down, nanoseconds in [0, 1e9). */
    static void fill(MemorySegment timex, Duration offset) {
        timex.fill((byte) 0);
        timex.set(INT, MODES, ADJ_SETOFFSET | ADJ_NANO);
        timex.set(Libc.LONG, TIME_SECONDS, offset.getSeconds());
        timex.set(Libc.LONG, TIME_FRACTION, offset.getNano());
    }

    /** Moves the system clock by {@code offset} (positive: forward). Needs CAP_SYS_TIME. */
    public static void stepBy(Duration offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            MemorySegment timex = arena.allocate(TIMEX_SIZE, 8);
            fill(timex, offset);
            int rc = (int) Calls.ADJTIMEX.invokeExact(slot, timex);
            Libc.check(rc, slot, "adjtimex", "ADJ_SETOFFSET " + offset);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Made on first use: a container-mode node never calls it. */
    private static final class Calls {
        static final MethodHandle ADJTIMEX = Libc.withErrno("adjtimex", FunctionDescriptor.of(INT, POINTER));
    }
}
