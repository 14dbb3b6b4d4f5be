package dev.anvil.machined.config;

import dev.anvil.machinery.config.validate.ValidationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PersistedConfigTest {
    @TempDir
    Path dir;

    @Test
    void boot_findsNothing_thenWhatWasWritten_thenReportsCorruption() throws Exception {
        Path file = dir.resolve("system/state/config.yaml");
        PersistedConfig persisted = new PersistedConfig(file, ValidationMode.CONTAINER);
        assertThat(persisted.read()).isInstanceOf(PersistedConfig.Absent.class);

        String worker = new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        persisted.write(worker);
        assertThat(persisted.read()).isInstanceOfSatisfying(PersistedConfig.Valid.class,
                v -> assertThat(v.text()).isEqualTo(worker));

        Files.writeString(file, worker.substring(0, worker.length() / 2) + "\n  bogusKey: [unclosed\n");
        assertThat(persisted.read()).isInstanceOfSatisfying(PersistedConfig.Corrupt.class,
                c -> assertThat(c.errors()).isNotEmpty());
    }

    @Test
    void aConfigWithoutDocuments_orWithoutTheV1alpha1One_isNoConfigToBootWith() {
        assertThat(PersistedConfig.check("", ValidationMode.CONTAINER)).isInstanceOfSatisfying(
                PersistedConfig.Corrupt.class, c -> assertThat(c.errors()).singleElement()
                        .satisfies(e -> assertThat(e.toString()).contains("config not found")));
        assertThat(PersistedConfig.check("apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n",
                ValidationMode.CONTAINER)).isInstanceOfSatisfying(PersistedConfig.Corrupt.class,
                c -> assertThat(c.errors()).singleElement()
                        .satisfies(e -> assertThat(e.toString()).contains("the v1alpha1 document", "is missing")));
    }
}
