package dev.anvil.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;

/** The constants of the running system that /proc's numbers are counted in, from sysconf(3). */
public final class Sysconf {
    /** glibc's numbers for the names (the same on every Linux architecture). */
    private static final int SC_CLK_TCK = 2;
    private static final int SC_PAGESIZE = 30;

    private static final MethodHandle SYSCONF = Libc.plain("sysconf", FunctionDescriptor.of(LONG, INT));

    private Sysconf() {
    }

    /** Bytes a page: /proc/[pid]/stat counts resident memory in pages. */
    public static long pageSize() {
        return get(SC_PAGESIZE);
    }

    /** Clock ticks a second (USER_HZ): /proc counts CPU time in these. */
    public static long clockTicks() {
        return get(SC_CLK_TCK);
    }

    private static long get(int name) {
        try {
            long value = (long) SYSCONF.invokeExact(name);
            if (value <= 0) {
                throw new IllegalStateException("sysconf(" + name + ") has no value");
            }
            return value;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
