package dev.anvil.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl validate and machineconfig patch on real config files. */
class ConfigCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Anvilctl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void validate_goodAndBadConfigs() throws Exception {
        Path config = dir.resolve("worker.yaml");
        Files.writeString(config, new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes()));
        assertThat(run("validate", "--config", config.toString(), "--mode", "container")).isZero();
        assertThat(out.toString()).contains("config is valid for container mode");

        Files.writeString(config, Files.readString(config).replace("machine:", "machine:\n    typo: 1"));
        assertThat(run("validate", "-c", config.toString(), "-m", "container")).isEqualTo(1);
        assertThat(err.toString()).contains("error: line").contains("typo");
        assertThat(run("validate", "-c", config.toString(), "-m", "moon")).isEqualTo(1);
        assertThat(err.toString()).contains("--mode moon: use metal, container or cloud");
    }

    @Test
    void machineconfigPatch_appliesPatchesInOrder() throws Exception {
        Path config = dir.resolve("worker.yaml");
        Files.writeString(config, new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes()));
        Path patch = dir.resolve("hostname.yaml");
        Files.writeString(patch, "machine:\n  network:\n    hostname: patched-1\n");
        Path result = dir.resolve("out.yaml");
        assertThat(run("machineconfig", "patch", config.toString(), "--patch", "@" + patch,
                "-p", "[{\"op\": \"replace\", \"path\": \"/machine/network/hostname\", \"value\": \"patched-2\"}]",
                "-o", result.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(result)).contains("hostname: patched-2");
    }
}
