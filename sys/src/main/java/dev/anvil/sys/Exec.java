package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.POINTER;

/**
 * execve(2): replaces this whole process (every thread of the JVM) with a program, keeping its PID. A container-mode
 * node reboots this way: machined runs itself again and stays PID 1 of its namespaces.
 */
public final class Exec {
    private static final MethodHandle EXECVE = Libc.withErrno("execve",
            FunctionDescriptor.of(INT, POINTER, POINTER, POINTER));

    private Exec() {
    }

    /** Does not return when it works. */
    public static void replaceProcess(String path, List<String> args, Map<String, String> env) {
        try (Arena arena = Arena.ofConfined()) {
            List<String> argv = new ArrayList<>();
            argv.add(path);
            argv.addAll(args);
            List<String> envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            MemorySegment slot = Libc.errnoSlot(arena);
            int rc = (int) EXECVE.invokeExact(slot, arena.allocateFrom(path), Libc.strings(arena, argv),
                    Libc.strings(arena, envp));
            Libc.check(rc, slot, "execve", path);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
