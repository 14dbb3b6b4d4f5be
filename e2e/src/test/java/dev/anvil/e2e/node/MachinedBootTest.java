package dev.anvil.e2e.node;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A container-mode node (bin/machined) boots from what its state directory holds. */
@Tag("e2e")
class MachinedBootTest {
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
        try (ContainerNode booted = ContainerNode.start(node, "boot-test")) {
            booted.awaitLog("machined: ready", 60);
            return booted.log();
        }
    }
}
