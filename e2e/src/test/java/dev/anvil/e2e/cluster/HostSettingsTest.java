package dev.anvil.e2e.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.sys.Child;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import dev.anvil.sys.Sysctl;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host settings of a configured container-mode node, checked from outside it: the hostname in its UTS
 * namespace, sysctls in its network namespace (the config's and the defaults), its /etc/resolv.conf and /etc/hosts,
 * machine.files (create under /var, overwrite bound over a file outside it, append), a kernel module reported
 * skipped, and the time: a real NTP server (chronyd, in a namespace of the test's own on the cluster's bridge)
 * observed by the node, whose TimeStatus becomes synced with a small offset, as {@code anvilctl time} shows. Each
 * setting is applied with apply-config, then changed again; a file the rules forbid is refused. Last, the figure:
 * apply-config to converged (hostname and a sysctl seen in the node's namespaces), min and median of several.
 */
@Tag("e2e")
class HostSettingsTest {
    private static final String NTP_ADDRESS = "10.213.25.250";
    private static final Pattern BOOT = Pattern.compile("booting from the persisted config");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void hostSettings_applyAndChange_seenFromOutside() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("host", "10.213.25.0/24", 1);
             Chrony chrony = Chrony.start(cluster)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            Path etc = node.dir().resolve("etc");
            Path var = node.dir().resolve("var");
            Files.writeString(etc.resolve("anvil-motd"), "original\n");
            Files.createDirectories(var.resolve("log"));
            Files.writeString(var.resolve("log/anvil.log"), "first line");

            apply(cluster, """
                    machine:
                      network:
                        hostname: host-one.one.example
                        nameservers: [10.213.25.53, 10.213.25.54]
                        searchDomains: [one.example, two.example]
                        extraHostEntries:
                          - ip: 10.213.25.100
                            aliases: [registry.one, registry]
                      sysctls:
                        net.ipv4.tcp_keepalive_time: "700"
                      files:
                        - path: /var/etc/anvil/one.conf
                          op: create
                          permissions: 0o640
                          content: "one\\n"
                        - path: /etc/anvil-motd
                          op: overwrite
                          content: "overwritten\\n"
                        - path: /var/log/anvil.log
                          op: append
                          content: "second line"
                      kernel:
                        modules:
                          - name: dummy
                      time:
                        servers: [%s]
                    """.formatted(NTP_ADDRESS));
            // machine.files and machine.kernel are read at boot: auto mode reboots for them
            awaitBoot(cluster, node, 2);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .untilAsserted(() -> assertThat(hostname(LocalNodes.nodePid(node.launcherPid())))
                            .isEqualTo("host-one"));
            long nodePid = LocalNodes.nodePid(node.launcherPid());

            // hostname and domain in the UTS namespace; sysctls (the config's, a default) in the network namespace
            assertThat(LocalNodes.inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS,
                    () -> Files.readString(Path.of("/proc/sys/kernel/domainname")).strip())).isEqualTo("one.example");
            awaitSysctl(nodePid, "net/ipv4/tcp_keepalive_time", "700");
            assertThat(sysctl(nodePid, "net/ipv4/conf/all/send_redirects")).isEqualTo("0");
            assertThat(ok(cluster.anvilctl("get", "kernelparamstatus", "proc.sys.kernel.panic", "-o", "yaml")))
                    .contains("skipped: skipped in container mode");

            // resolv.conf and hosts in the node's own /etc
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    Files.readString(etc.resolve("resolv.conf"))).isEqualTo(
                    "nameserver 10.213.25.53\nnameserver 10.213.25.54\n\nsearch one.example two.example\n"));
            String address = node.address().split("/")[0];
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(Files.readString(etc.resolve("hosts")))
                    .isEqualTo(hosts(address, "host-one.one.example host-one", "10.213.25.100",
                            "registry.one registry")));

            // machine.files: created under /var with its mode, bound over a file outside /var, appended to
            Path created = var.resolve("etc/anvil/one.conf");
            await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(created));
            assertThat(Files.readString(created)).isEqualTo("one\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-r-----");
            assertThat(Files.readString(etc.resolve("anvil-motd"))).as("the node dir's own file").isEqualTo(
                    "original\n");
            assertThat(Files.readString(var.resolve("etc/anvil-motd"))).isEqualTo("overwritten\n");
            assertThat(run("nsenter", "--mount", "--root", "--target", Long.toString(nodePid), "cat", "/etc/anvil-motd"))
                    .isEqualTo("overwritten\n");
            assertThat(Files.readString(var.resolve("log/anvil.log"))).isEqualTo("first line\nsecond line");
            assertThat(ok(cluster.anvilctl("get", "userfilestatuses", "-o", "yaml")))
                    .contains("writtenTo: /var/etc/anvil-motd").contains("writtenTo: /var/etc/anvil/one.conf");

            // a kernel module: a container-mode node shares the host's kernel
            assertThat(ok(cluster.anvilctl("get", "kernelmoduleloadstatuses", "dummy", "-o", "yaml")))
                    .contains("skipped: skipped in container mode").contains("loaded: false");

            // time: the node observes the NTP server (never sets the clock) and is in sync with it
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ok(cluster.anvilctl("get",
                    "timestatus", "-o", "yaml"))).contains("synced: true").contains("server: " + NTP_ADDRESS)
                    .contains("observeOnly: true"));
            String status = ok(cluster.anvilctl("get", "timestatus", "-o", "yaml"));
            System.out.println("TimeStatus:\n" + status);
            String time = ok(cluster.anvilctl("time"));
            System.out.println(time);
            assertThat(time).startsWith("NODE").contains("NTP-SERVER").contains("NODE-TIME")
                    .contains("NTP-SERVER-TIME").contains(NTP_ADDRESS).contains(" +0000 UTC");
            assertThat(ok(cluster.anvilctl("time", "--check", NTP_ADDRESS))).contains(NTP_ADDRESS);

            // changed again: hostname, resolvers, hosts, a sysctl, files
            String second = """
                    machine:
                      network:
                        hostname: host-two
                        nameservers: [10.213.25.55]
                        extraHostEntries:
                          - ip: 10.213.25.101
                            aliases: [mirror]
                      sysctls:
                        net.ipv4.tcp_keepalive_time: "800"
                      files:
                        - path: /var/etc/anvil/one.conf
                          op: create
                          permissions: 0o600
                          content: "two\\n"
                        - path: /etc/anvil-motd
                          op: overwrite
                          content: "overwritten again\\n"
                      time:
                        servers: [%s]
                    """.formatted(NTP_ADDRESS);
            apply(cluster, second);
            awaitBoot(cluster, node, 3);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).untilAsserted(() ->
                    assertThat(hostname(LocalNodes.nodePid(node.launcherPid()))).isEqualTo("host-two"));
            long again = LocalNodes.nodePid(node.launcherPid());
            awaitSysctl(again, "net/ipv4/tcp_keepalive_time", "800");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(Files.readString(etc.resolve("resolv.conf"))).isEqualTo("nameserver 10.213.25.55\n");
                assertThat(Files.readString(etc.resolve("hosts")))
                        .isEqualTo(hosts(address, "host-two", "10.213.25.101", "mirror"));
                assertThat(Files.readString(created)).isEqualTo("two\n");
            });
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-------");
            assertThat(run("nsenter", "--mount", "--root", "--target", Long.toString(again), "cat", "/etc/anvil-motd"))
                    .isEqualTo("overwritten again\n");

            // a file the rules forbid is refused before anything changes
            var refused = cluster.anvilctl("patch", "mc", "-p", "{\"machine\": {\"files\": [{\"path\": "
                    + "\"/etc/evil.conf\", \"op\": \"create\", \"content\": \"x\"}]}}");
            assertThat(refused.exitCode()).isOne();
            assertThat(refused.err()).contains("machine.files[2].path")
                    .contains("create operation not allowed outside of /var: \"/etc/evil.conf\"");
            assertThat(Files.exists(var.resolve("etc/evil.conf"))).isFalse();

            figure(cluster, again, second);
        }
    }

    /** Waits until the node has booted {@code boots} times (its log says so) and its API answers. */
    private static void awaitBoot(SharedCluster cluster, ClusterState.Node node, int boots) {
        Path log = node.dir().resolve("machined.log");
        await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() ->
                BOOT.matcher(Files.readString(log)).results().count() >= boots
                        && cluster.anvilctl("version").exitCode() == 0);
    }

    /** Applies the cluster's control-plane config with {@code patch} through anvilctl, in auto mode. */
    private static void apply(SharedCluster cluster, String patch) throws Exception {
        Path file = cluster.dir().resolve("patch.yaml");
        Files.writeString(file, patch);
        var applied = cluster.anvilctl("apply-config", "-f", cluster.dir().resolve("controlplane.yaml").toString(),
                "-p", "@" + file);
        assertThat(applied.exitCode()).as(applied.err()).isZero();
    }

    /**
     * The figure: ApplyConfiguration (no-reboot) over an open channel of the config {@code applied} last with a new
     * hostname and sysctl value each time,
     * until both are seen in the node's namespaces by a thread that joined them.
     */
    private static void figure(SharedCluster cluster, long nodePid, String applied) throws Exception {
        ClientContext admin = cluster.adminContext();
        String endpoint = admin.endpoints().getFirst();
        ManagedChannel channel = LocalNodes.channel(endpoint, GrpcSslContexts.forClient()
                .trustManager(PemCodec.parseCertificate(PemCodec.fromBase64(admin.ca(), "ca")))
                .keyManager(PemCodec.parsePrivateKey(PemCodec.fromBase64(admin.key(), "key")),
                        PemCodec.parseCertificate(PemCodec.fromBase64(admin.crt(), "crt"))).build());
        String base = ConfigPatcher.apply(Files.readString(cluster.dir().resolve("controlplane.yaml")),
                List.of(applied)).yaml();
        List<Long> rpc = new ArrayList<>();
        List<Long> converged = new ArrayList<>();
        try {
            var machine = MachineServiceGrpc.newBlockingStub(channel);
            // connect from this thread, so the channel's threads live in the host's namespaces
            machine.withDeadlineAfter(30, TimeUnit.SECONDS).version(Empty.getDefaultInstance());
            for (int i = 0; i < 12; i++) {
                String name = "fig-" + i;
                String value = Integer.toString(900 + i);
                String config = ConfigPatcher.apply(base, List.of("machine:\n  network:\n    hostname: " + name
                        + "\n  sysctls:\n    net.ipv4.tcp_keepalive_time: \"" + value + "\"\n")).yaml();
                long[] times = inNodeNamespaces(nodePid, () -> {
                    long start = System.nanoTime();
                    machine.withDeadlineAfter(30, TimeUnit.SECONDS).applyConfiguration(ApplyConfigurationRequest
                            .newBuilder().setData(ByteString.copyFrom(config, StandardCharsets.UTF_8))
                            .setMode(ApplyConfigurationRequest.Mode.NO_REBOOT).build());
                    long returned = System.nanoTime() - start;
                    Sysctl sysctl = new Sysctl();
                    long deadline = start + TimeUnit.SECONDS.toNanos(20);
                    while (!(Hostname.get().equals(name) && sysctl.read("net.ipv4.tcp_keepalive_time").orElseThrow().equals(value))) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("apply " + name + " did not converge");
                        }
                        Thread.onSpinWait();
                    }
                    return new long[] {returned, System.nanoTime() - start};
                });
                if (i >= 2) { // the first two warm the node's and this JVM's code paths
                    rpc.add(times[0]);
                    converged.add(times[1]);
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        System.out.printf("FIGURE apply-config (hostname + sysctl, no-reboot) over an open channel, %d applies: "
                + "RPC returned min %.1f ms median %.1f ms; converged (seen in the node's namespaces) min %.1f ms "
                + "median %.1f ms%n", converged.size(), ms(min(rpc)), ms(median(rpc)), ms(min(converged)),
                ms(median(converged)));
    }

    /** Runs {@code body} on a platform thread that joined the node's network and UTS namespaces. */
    private static <T> T inNodeNamespaces(long pid, Callable<T> body) throws Exception {
        return LocalNodes.inNamespace(pid, "net", Namespaces.CLONE_NEWNET, () -> {
            Namespaces.enter("/proc/" + pid + "/ns/uts", Namespaces.CLONE_NEWUTS);
            return body.call();
        });
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The hosts file Talos writes: the first column one space wider than its widest address. */
    private static String hosts(String address, String names, String extraIp, String extraNames) {
        String pad = "%-" + (Math.max(address.length(), extraIp.length()) + 1) + "s";
        return pad.formatted("127.0.0.1") + "localhost\n"
                + pad.formatted(address) + names + "\n"
                + pad.formatted("::1") + "localhost ip6-localhost ip6-loopback\n"
                + pad.formatted("ff02::1") + "ip6-allnodes\n"
                + pad.formatted("ff02::2") + "ip6-allrouters\n"
                + pad.formatted(extraIp) + extraNames + "\n";
    }

    private static String hostname(long pid) throws Exception {
        return LocalNodes.inNamespace(pid, "uts", Namespaces.CLONE_NEWUTS, Hostname::get);
    }

    private static String sysctl(long pid, String path) throws Exception {
        return LocalNodes.inNamespace(pid, "net", Namespaces.CLONE_NEWNET,
                () -> new Sysctl().read(path.replace('/', '.')).orElseThrow());
    }

    private static void awaitSysctl(long pid, String path, String value) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sysctl(pid, path)).isEqualTo(value));
    }

    private static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    /** Runs a command (by its path on the usual PATH) to its end and returns what it printed; fails unless it succeeds. */
    static String run(String... command) throws Exception {
        String path = Files.exists(Path.of("/usr/bin", command[0])) ? "/usr/bin/" + command[0]
                : Files.exists(Path.of("/usr/sbin", command[0])) ? "/usr/sbin/" + command[0] : "/bin/" + command[0];
        Child child = Spawner.spawn(ProcessSpec.of(path, List.of(command).subList(1, command.length)
                .toArray(String[]::new)).withOutput(ProcessSpec.Output.CAPTURE));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(1, TimeUnit.MINUTES).success()).as("%s:%n%s", List.of(command), output).isTrue();
        return output;
    }

    /**
     * chronyd (Debian's) serving its clock at stratum 8, never setting it, in a network namespace of its own joined
     * to the cluster's bridge by a veth pair. Closing stops it (by its PID) and removes the namespace and the link.
     */
    private record Chrony(Path dir, String namespace, String hostLink, Child process) implements AutoCloseable {
        static Chrony start(SharedCluster cluster) throws Exception {
            if (!Files.exists(Path.of("/usr/sbin/chronyd"))) {
                throw new AssertionError("chronyd is missing: run scripts/setup (Debian package chrony)");
            }
            String suffix = Long.toString(ProcessHandle.current().pid() % 10000);
            String namespace = "anvilntp" + suffix;
            String hostLink = "ntp" + suffix + "h";
            String bridge = ClusterState.load(cluster.dir()).bridge();
            Path dir = Files.createTempDirectory("anvil-chrony");
            Chrony started = new Chrony(dir, namespace, hostLink, null);
            try {
                run("ip", "netns", "add", namespace);
                run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "ntp" + suffix + "n");
                run("ip", "link", "set", "ntp" + suffix + "n", "netns", namespace);
                run("ip", "link", "set", hostLink, "master", bridge, "up");
                run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
                run("ip", "netns", "exec", namespace, "ip", "addr", "add", NTP_ADDRESS + "/24", "dev",
                        "ntp" + suffix + "n");
                run("ip", "netns", "exec", namespace, "ip", "link", "set", "ntp" + suffix + "n", "up");
                Files.writeString(dir.resolve("chrony.conf"), "local stratum 8\nallow all\ncmdport 0\npidfile "
                        + dir.resolve("chronyd.pid") + "\n");
                Child chronyd = Spawner.spawn(ProcessSpec.of("/usr/bin/ip", "netns", "exec", namespace,
                        "/usr/sbin/chronyd", "-f", dir.resolve("chrony.conf").toString(), "-d", "-x", "-u", "root")
                        .withOutput(ProcessSpec.Output.CAPTURE));
                return new Chrony(dir, namespace, hostLink, chronyd);
            } catch (Exception | Error e) {
                started.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            if (process != null) {
                process.signal(Child.SIGTERM);
                process.exit().get(10, TimeUnit.SECONDS);
            }
            quietly("ip", "link", "del", hostLink);
            quietly("ip", "netns", "del", namespace);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }

        private static void quietly(String... command) {
            try {
                run(command);
            } catch (Exception | AssertionError ignored) {
                // already gone
            }
        }
    }
}
