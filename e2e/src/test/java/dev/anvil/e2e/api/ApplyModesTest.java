package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changing a configured node's config with anvilctl, as a user does: apply-config, patch mc and edit mc in each
 * apply mode. Live changes take effect without a reboot (the node's boot count in its log stays the same), a
 * change that needs a reboot is refused by no-reboot with the reason and rebooted for by auto, a try reverts by
 * itself, a dry run changes nothing.
 */
@Tag("e2e")
class ApplyModesTest {
    private static final Pattern BOOTS = Pattern.compile("booting from the persisted config");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void applyPatchEdit_inEveryMode() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("appl", "10.213.15.0/24", 1)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            Path log = node.dir().resolve("machined.log");
            assertThat(boots(log)).isOne();

            // apply-config: a hostname, live
            var applied = cluster.anvilctl("apply-config", "-f", cluster.dir().resolve("controlplane.yaml").toString(),
                    "-p", "{\"machine\": {\"network\": {\"hostname\": \"appl-one\"}}}", "--mode", "no-reboot");
            assertThat(applied.exitCode()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("Applied configuration without a reboot");
            awaitHostname(cluster, "appl-one");

            // patch mc: a net.* sysctl, inline and from a file
            Path patch = cluster.dir().resolve("keepalive.yaml");
            Files.writeString(patch, "machine:\n  sysctls:\n    net.ipv4.tcp_keepalive_time: \"600\"\n");
            var patched = cluster.anvilctl("patch", "mc", "-p", "@" + patch, "-p",
                    "{\"machine\": {\"sysctls\": {\"net.ipv4.tcp_keepalive_intvl\": \"30\"}}}", "--mode", "no-reboot");
            assertThat(patched.exitCode()).as(patched.err()).isZero();
            assertThat(patched.err()).contains("patched MachineConfigs.config.talos.dev/v1alpha1 at the node");
            assertThat(patched.out()).contains("Applied configuration without a reboot");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ok(cluster.anvilctl("get",
                    "kernelparamstatus", "proc.sys.net.ipv4.tcp_keepalive_time", "-o", "yaml")))
                    .contains("current: '600'"));

            // no-reboot refuses what needs a reboot, saying why; nothing changes
            var refused = cluster.anvilctl("patch", "machineconfig", "-p",
                    "{\"machine\": {\"env\": {\"HTTP_PROXY\": \"http://proxy.invalid:3128\"}}}", "-m", "no-reboot");
            assertThat(refused.exitCode()).isOne();
            assertThat(refused.err()).contains("failed precondition").contains("needs a reboot")
                    .contains("v1alpha1: machine.env.HTTP_PROXY changed");
            assertThat(ok(cluster.anvilctl("get", "mc", "-o", "yaml"))).doesNotContain("HTTP_PROXY");

            // try: live, and back by itself after its timeout
            var tried = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"network\": {\"hostname\": "
                    + "\"appl-try\"}}}", "--mode", "try", "--timeout", "5s");
            assertThat(tried.exitCode()).as(tried.err()).isZero();
            assertThat(tried.out()).contains("will be automatically reverted back in 5s");
            awaitHostname(cluster, "appl-try");
            await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .untilAsserted(() -> assertThat(hostname(cluster)).contains("hostname: appl-one"));

            // a dry run shows the diff and changes nothing
            var dry = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"network\": {\"hostname\": "
                    + "\"appl-dry\"}}}", "--dry-run");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("Dry run summary:\nApplied configuration without a reboot (skipped in"
                    + " dry-run).\nConfig diff:").containsPattern("(?m)^-\\s+hostname: appl-one$")
                    .containsPattern("(?m)^\\+\\s+hostname: appl-dry$");
            assertThat(ok(cluster.anvilctl("get", "mc", "-o", "yaml"))).doesNotContain("appl-dry");
            assertThat(hostname(cluster)).contains("hostname: appl-one");

            // edit mc: the editor is a script that uses sed; an unchanged file applies nothing
            Path editor = cluster.dir().resolve("editor.sh");
            Files.writeString(editor, "#!/bin/sh\nsed -i 's/hostname: appl-one/hostname: appl-edited/' \"$1\"\n");
            Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
            var edited = cluster.runWith(Map.of("EDITOR", editor.toString()), "edit", "mc", "--mode", "no-reboot");
            assertThat(edited.exitCode()).as(edited.out()).isZero();
            assertThat(edited.out()).contains("Applied configuration without a reboot");
            awaitHostname(cluster, "appl-edited");
            var unchanged = cluster.runWith(Map.of("EDITOR", "true"), "edit", "mc");
            assertThat(unchanged.exitCode()).as(unchanged.out()).isZero();
            assertThat(unchanged.out()).contains("Apply was skipped: no changes detected.");
            assertThat(boots(log)).as("no change so far rebooted the node").isOne();

            // auto reboots for what needs it; the node comes back with everything stored
            var rebooting = cluster.anvilctl("patch", "mc", "-p",
                    "{\"machine\": {\"env\": {\"HTTP_PROXY\": \"http://proxy.invalid:3128\"}}}");
            assertThat(rebooting.exitCode()).as(rebooting.err()).isZero();
            assertThat(rebooting.out()).contains("Applied configuration with a reboot\nChanged fields:\n  v1alpha1: "
                    + "machine.env.HTTP_PROXY: needs a reboot (read at boot only)");
            await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> boots(log) == 2 && cluster.anvilctl("version").exitCode() == 0);
            String config = ok(cluster.anvilctl("get", "mc", "-o", "yaml"));
            assertThat(config).contains("spec: |").contains("HTTP_PROXY: http://proxy.invalid:3128")
                    .contains("net.ipv4.tcp_keepalive_time");
            awaitHostname(cluster, "appl-edited");
        }
    }

    static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    private static String hostname(SharedCluster cluster) {
        return ok(cluster.anvilctl("get", "hostnamestatus", "-o", "yaml"));
    }

    private static void awaitHostname(SharedCluster cluster, String name) {
        await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(hostname(cluster)).contains("hostname: " + name));
    }

    private static long boots(Path log) throws Exception {
        return BOOTS.matcher(Files.readString(log)).results().count();
    }
}
