package dev.anvil.sys;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A program to start: an absolute path (no PATH search: a node runs only fixed binaries), its arguments (without
 * argv[0], which is the path), its whole environment (nothing is inherited), and where its stdout and stderr go.
 * {@code newSession} puts it in its own session and process group, so a signal to the group reaches its children.
 */
public record ProcessSpec(String path, List<String> args, Map<String, String> env, Output output, boolean newSession) {
    public enum Output {
        /** The child writes where this process writes. */
        INHERIT,
        /** Into /dev/null. */
        DISCARD,
        /** Into a pipe this process reads: stdout and stderr interleaved, as a service log shows them. */
        CAPTURE
    }

    public ProcessSpec {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a program is started by its absolute path, not \"" + path + "\"");
        }
        args = List.copyOf(args);
        env = Map.copyOf(env);
        Objects.requireNonNull(output, "output");
    }

    public static ProcessSpec of(String path, String... args) {
        return new ProcessSpec(path, List.of(args), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), Output.CAPTURE,
                true);
    }

    public ProcessSpec withOutput(Output o) {
        return new ProcessSpec(path, args, env, o, newSession);
    }

    public ProcessSpec withEnv(Map<String, String> e) {
        return new ProcessSpec(path, args, e, output, newSession);
    }
}
