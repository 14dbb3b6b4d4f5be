package dev.anvil.sys;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The C library, bound through FFM. Each call site asks for a handle that also captures errno, so failures are
 * reported with the kernel's reason. Handles are looked up once, when a class that needs them is first used; one
 * used only now and then (after a failure, or outside PID 1) sits in a holder class of its own, because making a
 * handle costs milliseconds of a process's start (FFM generates code for each new signature).
 * Public for the other packages of sys (netlink); nothing outside sys should need it.
 */
public final class Libc {
    static final Linker LINKER = Linker.nativeLinker();
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout POINTER = ValueLayout.ADDRESS;
    public static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Libc() {
    }

    /** A function whose failures are told by errno: call it with a {@link #errnoSlot} first. */
    public static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    /** As {@link #withErrno}, for a variadic function whose fixed arguments are the first {@code fixed}. */
    public static MethodHandle withErrnoVariadic(String name, FunctionDescriptor descriptor, int fixed) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.firstVariadicArg(fixed),
                Linker.Option.captureCallState("errno"));
    }

    /** A function that reports errors by its return value (posix_spawn) or cannot fail. */
    public static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
    }

    public static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    public static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** Throws when a call returned -1, with the errno it left. */
    public static int check(int result, MemorySegment slot, String call, String subject) {
        if (result == -1) {
            throw new SyscallException(call, subject, errno(slot));
        }
        return result;
    }

    private static final MethodHandle CLOSE = plain("close", FunctionDescriptor.of(INT, INT));

    /** Closes a descriptor of ours; there is nothing useful to do if that fails. */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A NULL-terminated array of C strings, as argv and envp are. */
    public static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(POINTER, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(POINTER, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(POINTER, values.size(), MemorySegment.NULL);
        return array;
    }

    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    /** strerror, made on the first failure. */
    private static final class Strerror {
        static final MethodHandle HANDLE = plain("strerror", FunctionDescriptor.of(POINTER, INT));
    }

    /** Rethrows what a method handle threw, unchanged when it is unchecked. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
