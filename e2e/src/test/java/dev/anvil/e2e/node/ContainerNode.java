package dev.anvil.e2e.node;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A container-mode node started with bin/machined on a node directory of the test's; closing stops it (SIGTERM to
 * its PID 1, SIGKILL to the launcher if it does not end). What it logs this run is {@link #log()}.
 */
final class ContainerNode implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Path dir;
    private final long logStart;
    private final Child launcher;

    private ContainerNode(Path dir, String hostname) throws IOException {
        this.dir = dir;
        Path log = dir.resolve("machined.log");
        this.logStart = Files.exists(log) ? Files.size(log) : 0;
        this.launcher = Spawner.spawn(new ProcessSpec(ROOT.resolve("bin/machined").toString(),
                List.of("--node-dir", dir.toString(), "--hostname", hostname),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME", System.getProperty("java.home")),
                ProcessSpec.Output.DISCARD, true));
    }

    static ContainerNode start(Path dir, String hostname) throws IOException {
        return new ContainerNode(dir, hostname);
    }

    /** What machined logged since this start. */
    String log() throws IOException {
        Path log = dir.resolve("machined.log");
        return Files.exists(log) ? Files.readString(log).substring((int) logStart) : "";
    }

    /** Waits until the log of this run holds {@code text}. */
    void awaitLog(String text, int seconds) {
        await().atMost(seconds, TimeUnit.SECONDS).until(() -> log().contains(text));
    }

    /** The node's PID 1 as the host sees it (the launcher's child), once there is one. */
    long pid() {
        return await().atMost(10, TimeUnit.SECONDS).until(() -> ProcessHandle.of(launcher.pid())
                .flatMap(p -> p.children().findFirst()).map(ProcessHandle::pid).orElse(0L), p -> p > 0);
    }

    @Override
    public void close() throws Exception {
        ProcessHandle.of(launcher.pid()).ifPresent(p -> p.children().forEach(ProcessHandle::destroy));
        if (launcher.exit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get() == null) {
            launcher.signal(Child.SIGKILL);
        }
        launcher.exit().get(10, TimeUnit.SECONDS);
    }
}
