package dev.anvil.e2e.node;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A container-mode node (bin/machined) boots from what its state directory holds. */
@Tag("e2e")
class MachinedBootTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path node;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void boot_withoutConfig_thenWithOne_thenWithACorruptOne() throws Exception {
        assertThat(boot()).contains("machined: no config: maintenance mode").contains("pid 1, hostname boot-test");

        Path config = node.resolve("system/state/config.yaml");
        String worker = new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(config, worker);
        assertThat(boot()).contains("machined: booting from the persisted config");

        Files.writeString(config, worker.replace("machine:", "machine:\n    notAField: 1"));
        assertThat(boot()).contains("the persisted config is corrupt").contains("notAField")
                .contains("maintenance mode");
    }

    /** Starts the node, waits until it is ready, stops it, and returns what it logged this time. */
    private String boot() throws Exception {
        Path log = node.resolve("machined.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        Child launcher = Spawner.spawn(new ProcessSpec(ROOT.resolve("bin/machined").toString(),
                List.of("--node-dir", node.toString(), "--hostname", "boot-test"),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME", System.getProperty("java.home")),
                ProcessSpec.Output.DISCARD, true));
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(log)
                    && Files.readString(log).substring((int) before).contains("machined: ready"));
        } finally {
            ProcessHandle.of(launcher.pid()).ifPresent(p -> p.children().forEach(ProcessHandle::destroy));
            if (launcher.exit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get() == null) {
                launcher.signal(Child.SIGKILL);
            }
            launcher.exit().get(10, TimeUnit.SECONDS);
        }
        return Files.readString(log).substring((int) before);
    }
}
