package dev.anvil.sys;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Starts programs with posix_spawn(3), never fork: the child begins with default signal handling, an empty signal
 * mask, stdin on /dev/null and no descriptor of ours but its stdout and stderr. Its exit is collected by the
 * {@link Reaper}; {@link java.lang.Process} is not used, because the JDK would reap our children behind our back.
 */
public final class Spawner {
    private static final short SETSIGDEF = 0x04;
    private static final short SETSIGMASK = 0x08;
    private static final short SETSID = 0x80;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final long ACTIONS_SIZE = 512;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle SPAWN = Libc.plain("posix_spawn",
            FunctionDescriptor.of(INT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER));
    private static final MethodHandle ACTIONS_INIT = Libc.plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle ACTIONS_DESTROY = Libc.plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle ADD_OPEN = Libc.plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(INT, POINTER, INT, POINTER, INT, INT));
    private static final MethodHandle ADD_DUP2 = Libc.plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(INT, POINTER, INT, INT));
    private static final MethodHandle ADD_CLOSEFROM = Libc.plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(INT, POINTER, INT));
    private static final MethodHandle ATTR_INIT = Libc.plain("posix_spawnattr_init",
            FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle ATTR_DESTROY = Libc.plain("posix_spawnattr_destroy",
            FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle ATTR_SETFLAGS = Libc.plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, POINTER, Libc.SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Libc.plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(INT, POINTER, POINTER));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Libc.plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(INT, POINTER, POINTER));
    private static final MethodHandle SIGEMPTYSET = Libc.plain("sigemptyset", FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle SIGFILLSET = Libc.plain("sigfillset", FunctionDescriptor.of(INT, POINTER));
    private static final MethodHandle PIPE2 = Libc.withErrno("pipe2", FunctionDescriptor.of(INT, POINTER, INT));

    private Spawner() {
    }

    public static Child spawn(ProcessSpec spec) {
        Reaper reaper = Reaper.get();
        try (Arena arena = Arena.ofConfined()) {
            int[] pipe = spec.output() == ProcessSpec.Output.CAPTURE ? pipe(arena) : null;
            MemorySegment actions = arena.allocate(ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
            ok("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
            ok("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                fileActions(arena, actions, spec.output(), pipe);
                attributes(arena, attr, spec.newSession());
                MemorySegment path = arena.allocateFrom(spec.path());
                MemorySegment argv = Libc.strings(arena, prepend(spec.path(), spec.args()));
                MemorySegment envp = Libc.strings(arena, environment(spec.env()));
                MemorySegment pid = arena.allocate(INT);
                var exit = reaper.startTracked(() -> {
                    int rc;
                    try {
                        rc = (int) SPAWN.invokeExact(pid, path, actions, attr, argv, envp);
                    } catch (Throwable t) {
                        throw Libc.rethrow(t);
                    }
                    if (rc != 0) {
                        throw new SyscallException("posix_spawn", spec.path(), rc);
                    }
                    return pid.get(INT, 0);
                });
                InputStream output = pipe == null ? null : reader(pipe);
                return new Child(pid.get(INT, 0), exit, output);
            } finally {
                int ignored1 = (int) ACTIONS_DESTROY.invokeExact(actions);
                int ignored2 = (int) ATTR_DESTROY.invokeExact(attr);
                if (pipe != null) {
                    Libc.close(pipe[1]);
                }
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void fileActions(Arena arena, MemorySegment actions, ProcessSpec.Output output, int[] pipe)
            throws Throwable {
        MemorySegment devNull = arena.allocateFrom("/dev/null");
        ok("addopen", (int) ADD_OPEN.invokeExact(actions, 0, devNull, O_RDONLY, 0));
        switch (output) {
            case INHERIT -> { }
            case DISCARD -> {
                ok("addopen", (int) ADD_OPEN.invokeExact(actions, 1, devNull, O_WRONLY, 0));
                ok("adddup2", (int) ADD_DUP2.invokeExact(actions, 1, 2));
            }
            case CAPTURE -> {
                ok("adddup2", (int) ADD_DUP2.invokeExact(actions, pipe[1], 1));
                ok("adddup2", (int) ADD_DUP2.invokeExact(actions, pipe[1], 2));
            }
        }
        ok("addclosefrom", (int) ADD_CLOSEFROM.invokeExact(actions, 3));
    }

    private static void attributes(Arena arena, MemorySegment attr, boolean newSession) throws Throwable {
        MemorySegment none = arena.allocate(SIGSET_SIZE);
        MemorySegment all = arena.allocate(SIGSET_SIZE);
        ok("sigemptyset", (int) SIGEMPTYSET.invokeExact(none));
        ok("sigfillset", (int) SIGFILLSET.invokeExact(all));
        ok("setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, none));
        ok("setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all));
        short flags = (short) (SETSIGDEF | SETSIGMASK | (newSession ? SETSID : 0));
        ok("setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
    }

    private static int[] pipe(Arena arena) throws Throwable {
        MemorySegment slot = Libc.errnoSlot(arena);
        MemorySegment fds = arena.allocate(INT, 2);
        Libc.check((int) PIPE2.invokeExact(slot, fds, O_CLOEXEC), slot, "pipe2", "output");
        return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
    }

    /**
     * Java I/O on the pipe through /proc; our own descriptor is then closed. A read blocks its thread, and pins a
     * virtual thread's carrier: read it on a platform thread.
     */
    private static InputStream reader(int[] pipe) {
        try {
            return new FileInputStream("/proc/self/fd/" + pipe[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the output pipe of a child", e);
        } finally {
            Libc.close(pipe[0]);
        }
    }

    private static void ok(String call, int rc) {
        if (rc != 0) {
            throw new SyscallException(call, "posix_spawn setup", rc);
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static List<String> environment(Map<String, String> env) {
        return env.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }
}
