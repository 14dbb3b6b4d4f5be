package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/** The host and domain names of the calling thread's UTS namespace. */
public final class Hostname {
    /** The kernel's limit (HOST_NAME_MAX, also for domain names). */
    public static final int MAX_LENGTH = 64;

    private static final MethodHandle SETHOSTNAME = Libc.withErrno("sethostname",
            FunctionDescriptor.of(INT, POINTER, LONG));
    private static final MethodHandle SETDOMAINNAME = Libc.withErrno("setdomainname",
            FunctionDescriptor.of(INT, POINTER, LONG));
    private static final MethodHandle GETHOSTNAME = Libc.withErrno("gethostname",
            FunctionDescriptor.of(INT, POINTER, LONG));

    private Hostname() {
    }

    public static void set(String name) {
        set(SETHOSTNAME, "sethostname", name);
    }

    public static void setDomain(String name) {
        set(SETDOMAINNAME, "setdomainname", name);
    }

    public static String get() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            MemorySegment buffer = arena.allocate(MAX_LENGTH + 1);
            int rc = (int) GETHOSTNAME.invokeExact(slot, buffer, (long) MAX_LENGTH + 1);
            Libc.check(rc, slot, "gethostname", "");
            return buffer.getString(0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void set(MethodHandle call, String callName, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException(callName + ": \"" + name + "\" is longer than " + MAX_LENGTH + " bytes");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            MemorySegment text = arena.allocate(bytes.length + 1);
            MemorySegment.copy(bytes, 0, text, Libc.BYTE, 0, bytes.length);
            int rc = (int) call.invokeExact(slot, text, (long) bytes.length);
            Libc.check(rc, slot, callName, name);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
