package dev.anvil.machined.config;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.runtime.ApplyAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {
    @TempDir
    Path dir;

    private static ApplyAudit entry(String outcome) {
        return new ApplyAudit("2026-01-02T03:04:05.678Z", "O=os:admin", List.of("os:admin"), "no-reboot", false,
                outcome, "1 field(s): v1alpha1: machine.network.hostname (live)");
    }

    @Test
    void entries_areAppendedAsJsonLines_publishedAsResources_andPublishedAgainAfterARestart() throws Exception {
        Path file = dir.resolve("apply-audit.jsonl");
        InMemoryState state = new InMemoryState();
        AuditLog audit = new AuditLog(file, state);
        audit.load();
        ApplyAudit quoted = entry("refused: a \"quoted\"\nand\\odd one");
        audit.record(entry("applied as no-reboot"));
        audit.record(quoted);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).isEqualTo("{\"time\":\"2026-01-02T03:04:05.678Z\",\"subject\":\"O=os:admin\","
                + "\"roles\":[\"os:admin\"],\"mode\":\"no-reboot\",\"dryRun\":false,\"outcome\":\"applied as no-reboot\","
                + "\"summary\":\"1 field(s): v1alpha1: machine.network.hostname (live)\"}");
        assertThat(state.get(ApplyAudit.KIND.pointer("000002"), ApplyAudit.class).spec()).isEqualTo(quoted);

        InMemoryState afterRestart = new InMemoryState();
        AuditLog again = new AuditLog(file, afterRestart);
        again.load();
        assertThat(afterRestart.list(ApplyAudit.KIND)).hasSize(2);
        assertThat(afterRestart.get(ApplyAudit.KIND.pointer("000002"), ApplyAudit.class).spec()).isEqualTo(quoted);
        again.record(entry("applied as try"));
        assertThat(Files.readAllLines(file)).hasSize(3).startsWith(lines.toArray(String[]::new));
        assertThat(afterRestart.get(ApplyAudit.KIND.pointer("000003"), ApplyAudit.class).spec().outcome())
                .isEqualTo("applied as try");
    }
}
