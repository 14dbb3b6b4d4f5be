package dev.anvil.e2e.api;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static dev.anvil.e2e.api.ApplyModesTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The apply modes beyond Talos, on a node of a cluster of its own, checked from outside the node: its kernel
 * hostname and net.* sysctls through nsenter, its stored config in its directory. A dry run changes nothing and
 * lists the spec resources it would change; no-reboot refuses a field that needs a reboot, listing it; a try
 * reverts at its timeout and stays when confirmed; a network change is confirmed by anvilctl over a new connection,
 * and reverted by the node when it really cuts anvilctl off (eth0 loses the address anvilctl reaches it at, checked
 * in the node's kernel); a config under which a controller fails is reverted; every apply is audited with the
 * caller's subject; the last-known-good config survives a restart and boots the node when the stored one is broken.
 */
@Tag("e2e")
class ApplySafetyTest {
    private static final String KEEPALIVE = "net/ipv4/tcp_keepalive_time";

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void applySafety_checkedFromOutside() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("apsf", "10.213.27.0/24", 1)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            long pid = nodePid(node.launcherPid());
            Path stored = node.dir().resolve("system/state/config.yaml");

            applyToConverged(cluster, pid, stored);

            // a dry run prints the diff and the resource plan, and changes nothing
            String before = Files.readString(stored);
            String hostname = outside(pid, "--uts", "hostname");
            String keepalive = outside(pid, "--net", "cat", "/proc/sys/" + KEEPALIVE);
            var dry = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"network\": {\"hostname\": \"apsf-dry\"},"
                    + " \"sysctls\": {\"net.ipv4.tcp_keepalive_time\": \"611\"}}}", "--dry-run");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            System.out.println("dry run output:\n" + dry.out());
            assertThat(dry.out()).contains("Dry run summary:\nApplied configuration without a reboot (skipped in"
                    + " dry-run).\nConfig diff:").containsPattern("(?m)^\\+\\s+hostname: apsf-dry$")
                    .contains("v1alpha1: machine.network.hostname: live (network.HostnameConfigController)")
                    .contains("Resource plan (+ create, ~ update, - destroy):")
                    .contains("~ HostnameSpecs.net.talos.dev network-config/").contains("+ hostname: apsf-dry")
                    .contains("+ KernelParamSpecs.runtime.talos.dev runtime/proc.sys.net.ipv4.tcp_keepalive_time");
            assertThat(Files.readString(stored)).isEqualTo(before);
            assertThat(outside(pid, "--uts", "hostname")).isEqualTo(hostname);
            assertThat(outside(pid, "--net", "cat", "/proc/sys/" + KEEPALIVE)).isEqualTo(keepalive);

            // no-reboot refuses fields that need a reboot, listing each
            var refused = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"install\": {\"disk\": "
                    + "\"/dev/anvil-none\"}, \"env\": {\"HTTP_PROXY\": \"http://proxy.invalid:3128\"}}}", "-m",
                    "no-reboot");
            assertThat(refused.exitCode()).isOne();
            assertThat(refused.err()).contains("failed precondition").contains("needs a reboot")
                    .contains("v1alpha1: machine.install.disk changed (the installer reads it)")
                    .contains("v1alpha1: machine.env.HTTP_PROXY changed (read at boot only)");
            assertThat(Files.readString(stored)).isEqualTo(before);

            // try: back at its timeout, with an event; a try followed by another apply stays
            var tried = cluster.anvilctl("patch", "mc", "-p", hostnamePatch("apsf-try"), "--mode", "try",
                    "--timeout", "3s");
            assertThat(tried.exitCode()).as(tried.err()).isZero();
            awaitOutside(pid, "apsf-try");
            awaitOutside(pid, hostname);
            assertThat(Files.readString(stored)).isEqualTo(before);
            awaitEvent(cluster, "configuration reverted: the config applied in try mode was not confirmed within 3s");
            var kept = cluster.anvilctl("patch", "mc", "-p", hostnamePatch("apsf-kept"), "--mode", "try",
                    "--timeout", "4s");
            assertThat(kept.exitCode()).as(kept.err()).isZero();
            awaitOutside(pid, "apsf-kept");
            var confirmed = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"sysctls\": "
                    + "{\"net.ipv4.tcp_keepalive_time\": \"612\"}}}", "--mode", "no-reboot");
            assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
            Thread.sleep(Duration.ofSeconds(6));
            assertThat(outside(pid, "--uts", "hostname")).isEqualTo("apsf-kept");
            assertThat(outside(pid, "--net", "cat", "/proc/sys/" + KEEPALIVE)).isEqualTo("612");
            assertThat(Files.readString(stored)).contains("hostname: apsf-kept");

            // a network change: a try that anvilctl confirms by reaching the node again. The address the
            // provisioner put on eth0 comes under the config here, beside a new one
            var network = cluster.anvilctl("patch", "mc", "-p", addressPatch(node.address(), "10.213.28.2/24"),
                    "--mode", "no-reboot", "--timeout", "4s");
            assertThat(network.exitCode()).as(network.err()).isZero();
            assertThat(network.out()).contains("It changes the network, so it is applied as a try")
                    .contains("reached again over a new connection: Confirmed the configuration applied in try mode");
            Thread.sleep(Duration.ofSeconds(6));
            assertThat(Files.readString(stored)).contains("10.213.28.2/24");
            assertThat(activeConfig(cluster)).contains("10.213.28.2/24");
            assertThat(eth0(pid)).contains(local(node.ip()), local("10.213.28.2"));

            // a network change that really cuts anvilctl off: eth0 keeps only an address outside the cluster's
            // network, so anvilctl cannot come back to confirm, and the node reverts by itself at the timeout
            String confirmedNetwork = Files.readString(stored);
            String cutPatch = "[{\"op\": \"replace\", \"path\": \"/machine/network/interfaces/0/addresses\","
                    + " \"value\": [\"10.213.28.3/24\"]}]";
            long cutAt = System.nanoTime();
            var cut = cluster.anvilctl("patch", "mc", "-p", cutPatch, "--mode", "no-reboot", "--timeout", "4s");
            String kernelAfterCut = eth0(pid);
            System.out.printf("cut off: anvilctl gave up after %.1f s (%s); eth0 then: %s%n",
                    (System.nanoTime() - cutAt) / 1e9, cut.err().strip(), kernelAfterCut);
            assertThat(cut.exitCode()).as(cut.out()).isOne();
            assertThat(cut.out()).contains("It changes the network, so it is applied as a try");
            assertThat(cut.err()).contains("could not confirm the change over a new connection")
                    .contains("the node reverts to its previous config by itself");
            await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .untilAsserted(() -> assertThat(eth0(pid)).contains(local(node.ip()), local("10.213.28.2"))
                            .doesNotContain(local("10.213.28.3")));
            System.out.printf("cut off: the node's old addresses back after %.1f s%n",
                    (System.nanoTime() - cutAt) / 1e9);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> cluster.anvilctl("version").exitCode() == 0);
            assertThat(activeConfig(cluster)).contains(node.address()).doesNotContain("10.213.28.3");
            awaitEvent(cluster, "configuration reverted: the config applied in try mode was not confirmed within 4s");
            assertThat(Files.readString(stored)).isEqualTo(confirmedNetwork);

            // a config under which a controller fails is reverted at once, with the controller's error
            var failing = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"sysctls\": "
                    + "{\"net.ipv4.anvil_no_such_param\": \"1\"}}}", "--mode", "no-reboot");
            assertThat(failing.exitCode()).isOne();
            assertThat(failing.err()).contains("the config was reverted: a controller failed under the new config: "
                    + "runtime.KernelParamSpecController: kernel parameters not applied: "
                    + "proc.sys.net.ipv4.anvil_no_such_param");
            assertThat(activeConfig(cluster)).doesNotContain("anvil_no_such_param");
            assertThat(Files.readString(stored)).isEqualTo(confirmedNetwork);
            awaitEvent(cluster, "configuration reverted: a controller failed under the new config: "
                    + "runtime.KernelParamSpecController");

            // the audit: every apply, refused and dry run ones too, and the reverts, with who asked
            String audits = ok(cluster.anvilctl("get", "applyaudits", "-o", "yaml"));
            assertThat(audits).containsPattern("subject: .*O=os:admin").contains("- os:admin")
                    .contains("dryRun: true").contains("refused: this config change can")
                    .contains("outcome: confirmed").contains("mode: no-reboot (confirm)")
                    .contains("reverted: the config applied in try mode was not confirmed within 3s")
                    .contains("reverted: the config applied in try mode was not confirmed within 4s")
                    .contains("reverted: a controller failed under the new config")
                    .contains("1 field(s): v1alpha1: machine.network.hostname (live)");
            List<String> auditLines = Files.readAllLines(node.dir().resolve("system/state/apply-audit.jsonl"));
            assertThat(auditLines).hasSizeGreaterThanOrEqualTo(12)
                    .allSatisfy(line -> assertThat(line).startsWith("{\"time\":\"").endsWith("}"));
            System.out.println("audit (" + auditLines.size() + " entries), last: " + auditLines.getLast());

            // last-known-good: kept beside the stored config, survives a restart, boots a broken node. One more
            // apply first, so that the last-known-good config is one that keeps the node's address on eth0
            var last = cluster.anvilctl("patch", "mc", "-p", hostnamePatch("apsf-last"), "--mode", "no-reboot");
            assertThat(last.exitCode()).as(last.err()).isZero();
            awaitOutside(pid, "apsf-last");
            Path lastGood = node.dir().resolve("system/state/config.last-good.yaml");
            assertThat(Files.readString(lastGood)).as("the config stored before the last apply")
                    .isEqualTo(confirmedNetwork);
            Files.writeString(stored, "machine: [this is not a config\n");
            var rebooted = cluster.anvilctl("reboot", "--timeout", "2m");
            assertThat(rebooted.exitCode()).as(rebooted.err()).isZero();
            await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> cluster.anvilctl("version").exitCode() == 0);
            long restarted = nodePid(node.launcherPid());
            awaitOutside(restarted, "apsf-kept");
            assertThat(activeConfig(cluster)).contains("hostname: apsf-kept").contains(node.address())
                    .contains("10.213.28.2/24");
            assertThat(lastGood).exists();
            awaitEvent(cluster, "booting from the last-known-good config");
            assertThat(ok(cluster.anvilctl("get", "applyaudits"))).as("the audit survives the restart")
                    .contains("reverted: the config applied in try mode");
        }
    }

    /**
     * The figure: from sending ApplyConfiguration (over an open mTLS channel, as a client that keeps one) to the
     * new hostname in the node's kernel, read in a loop by a thread inside the node's UTS namespace; and until the
     * reply, which comes once the controllers have settled (at least {@code SETTLE_QUIET} after the last reconcile).
     */
    private static void applyToConverged(SharedCluster cluster, long pid, Path stored) throws Exception {
        ClientContext admin = cluster.adminContext();
        ManagedChannel channel = ApiChannels.mutual(admin, admin.endpoints().getFirst());
        try {
            var machine = MachineServiceGrpc.newBlockingStub(channel);
            for (String name : List.of("apsf-warm", "apsf-one", "apsf-two", "apsf-three", "apsf-four")) {
                var patched = ConfigPatcher.apply(Files.readString(stored), List.of(
                        "machine:\n  network:\n    hostname: " + name + "\n"));
                var request = ApplyConfigurationRequest.newBuilder().setData(ByteString.copyFromUtf8(
                        patched.yaml())).setMode(ApplyConfigurationRequest.Mode.NO_REBOOT).build();
                AtomicReference<Long> seen = new AtomicReference<>();
                CountDownLatch watching = new CountDownLatch(1);
                Thread watcher = Thread.ofPlatform().name("uts of " + pid).start(() -> {
                    Namespaces.enter("/proc/" + pid + "/ns/uts", Namespaces.CLONE_NEWUTS);
                    watching.countDown();
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (System.nanoTime() < deadline) {
                        if (Hostname.get().equals(name)) {
                            seen.set(System.nanoTime());
                            return;
                        }
                        LockSupport.parkNanos(50_000);
                    }
                });
                watching.await();
                long start = System.nanoTime();
                machine.applyConfiguration(request);
                long replied = System.nanoTime() - start;
                watcher.join();
                assertThat(seen.get()).as("the hostname %s reached the kernel", name).isNotNull();
                if (!name.equals("apsf-warm")) {
                    System.out.printf("apply to converged (hostname %s, kernel read inside the node's UTS namespace):"
                            + " %.1f ms; reply (controllers settled) after %.1f ms%n", name,
                            (seen.get() - start) / 1e6, replied / 1e6);
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String hostnamePatch(String name) {
        return "{\"machine\": {\"network\": {\"hostname\": \"" + name + "\"}}}";
    }

    private static String addressPatch(String... cidrs) {
        return "{\"machine\": {\"network\": {\"interfaces\": [{\"interface\": \"eth0\", \"addresses\": [\""
                + String.join("\", \"", cidrs) + "\"]}]}}}";
    }

    /** The node's eth0 as its kernel has it, read from outside ({@code ip -j addr}). */
    private static String eth0(long pid) throws Exception {
        return outside(pid, "--net", "/usr/sbin/ip", "-j", "addr", "show", "eth0");
    }

    /** An IPv4 address as {@code ip -j addr} lists it. */
    private static String local(String ip) {
        return "\"local\":\"" + ip + "\"";
    }

    private static String activeConfig(SharedCluster cluster) {
        return ok(cluster.anvilctl("get", "mc", "-o", "yaml"));
    }

    private static void awaitOutside(long pid, String hostname) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(outside(pid, "--uts", "hostname")).isEqualTo(hostname));
    }

    /** Waits for an event whose line holds {@code text} among all the node keeps. */
    private static void awaitEvent(SharedCluster cluster, String text) throws InterruptedException {
        SharedCluster.Running events = cluster.start("events", "--tail", "-1");
        try {
            await().atMost(20, TimeUnit.SECONDS).until(() -> events.out().contains(text));
        } finally {
            events.stop(Duration.ofSeconds(10));
        }
    }

    /** A command run by nsenter in some of the node's namespaces (the host's mount namespace); its output. */
    private static String outside(long pid, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--target", Long.toString(pid), command[0]));
        args.addAll(List.of(command).subList(1, command.length));
        Child child = Spawner.spawn(new ProcessSpec("/usr/bin/nsenter", args, Map.of("PATH", "/usr/bin:/bin"),
                ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.exit().get(30, TimeUnit.SECONDS).success()).as(output).isTrue();
        return output;
    }

    /** The node's PID 1 on the host: the one child of the launcher's unshare. */
    private static long nodePid(long launcherPid) throws IOException {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        return Long.parseLong(Files.readString(children).strip().split(" ")[0]);
    }
}
