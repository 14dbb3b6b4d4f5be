package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.machinery.secrets.SecretsFile;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's tools against a control plane and a worker: netstat shows the API and trustd listening, pcap
 * captures a ping that tshark then reads from the file, and a support bundle holds every node's files without any
 * secret of the cluster, and notes a stopped node as unreachable (so that one is last: it stops the worker).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorToolsTest {
    /** "icmp" for Ethernet links, as {@code tcpdump -dd -y EN10MB icmp} prints it. */
    private static final String ICMP_FILTER = """
            { 0x28, 0, 0, 0x0000000c },
            { 0x15, 0, 3, 0x00000800 },
            { 0x30, 0, 0, 0x00000017 },
            { 0x15, 0, 1, 0x00000001 },
            { 0x6, 0, 0, 0x00040000 },
            { 0x6, 0, 0, 0x00000000 },
            """;

    private SharedCluster cluster;
    private ClusterState.Node controlPlane;
    private ClusterState.Node worker;

    @TempDir
    Path dir;

    @BeforeAll
    void createCluster() throws Exception {
        cluster = SharedCluster.create("ops", "10.213.35.0/24", 1, 1);
        controlPlane = cluster.nodes().get(0);
        worker = cluster.nodes().get(1);
    }

    @AfterAll
    void destroyCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void netstat_listening_showsTheApiAndTrustd_withTheirProcess() {
        SharedCluster.Result result = cluster.anvilctl("-n", controlPlane.ip(), "netstat", "-l", "-t", "-p");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.getFirst()).matches("NODE +Proto +Recv-Q +Send-Q +Local Address +Foreign Address +State"
                + " +PID/Program name");
        assertThat(lines).anyMatch(l -> l.matches(".* tcp6? +0 +0 +\\S+:50000 +\\S+:\\* +LISTEN +\\d+/\\S+"));
        assertThat(lines).anyMatch(l -> l.matches(".* tcp6? +0 +0 +\\S+:50001 +\\S+:\\* +LISTEN +\\d+/\\S+"));

        // connected sockets (the default) include this very call's, from the host to the API
        SharedCluster.Result connected = cluster.anvilctl("-n", controlPlane.ip(), "netstat");
        assertThat(connected.out()).containsPattern(":50000 +10\\.213\\.35\\.1:\\d+ +ESTABLISHED");
    }

    @Test
    @Order(2)
    void pcap_whilePinging_writesAPcapFileTsharkReadsAsIcmp() throws Exception {
        assertThat(Path.of("/usr/bin/tshark")).as("tshark (Debian's package, scripts/setup installs it)")
                .exists();
        Path file = dir.resolve("worker.pcap");
        SharedCluster.Running capture = cluster.start("-n", worker.ip(), "pcap", "-i", "eth0", "-o",
                file.toString(), "--bpf-filter", ICMP_FILTER);
        InetAddress target = InetAddress.getByName(worker.ip());
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(file) && Files.size(file) >= 24);
        // as root, isReachable sends ICMP echo requests, which the node answers
        for (int i = 0; i < 3; i++) {
            assertThat(target.isReachable(2000)).as("%s answers a ping", worker.ip()).isTrue();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.size(file) >= 24 + 6 * (16 + 42));
        SharedCluster.Result stopped = capture.stop(Duration.ofSeconds(10));
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0xd4, 0xc3, 0xb2, 0xa1);
        String read = run("/usr/bin/tshark", "-r", file.toString());
        List<String> packets = read.lines().filter(l -> l.contains("ICMP")).toList();
        assertThat(packets).as(read).hasSizeGreaterThanOrEqualTo(6)
                .anyMatch(l -> l.contains("10.213.35.1 → " + worker.ip()) && l.contains("Echo (ping) request"))
                .anyMatch(l -> l.contains(worker.ip() + " → 10.213.35.1") && l.contains("Echo (ping) reply"));
        assertThat(read.lines().filter(l -> l.matches(" *\\d+ .*"))).as("the filter kept out everything else")
                .allMatch(l -> l.contains("ICMP"));

        // with --duration the capture ends by itself; without -o each packet is printed as a line
        SharedCluster.Result timed = cluster.anvilctl("-n", worker.ip(), "pcap", "-i", "eth0", "--duration", "2s",
                "--bpf-filter", ICMP_FILTER);
        assertThat(timed.exitCode()).as(timed.err()).isZero();
    }

    @Test
    @Order(3)
    void support_bundlesEveryNode_withoutASecret_andNotesAStoppedNodeAsUnreachable() throws Exception {
        SecretsBundle secrets = SecretsFile.parse(Files.readString(cluster.dir().resolve("secrets.yaml")));
        List<String> forbidden = forbidden(secrets);
        String nodes = controlPlane.ip() + "," + worker.ip();

        Path bundle = dir.resolve("bundle.zip");
        SharedCluster.Result result = cluster.anvilctl("-n", nodes, "support", "-O", bundle.toString(), "-w", "4");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, String> files = unzip(bundle);
        for (ClusterState.Node node : List.of(controlPlane, worker)) {
            String folder = node.ip() + "/";
            assertThat(files).containsKeys(folder + "summary", folder + "dmesg.log", folder + "mounts",
                    folder + "processes", folder + "events", folder + "netstat", folder + "machineconfig.yaml",
                    folder + "dependencies.dot",
                    folder + "resources/linkstatuses.net.talos.dev.yaml");
            assertThat(files).doesNotContainKeys(folder + "resources/machineconfigs.config.talos.dev.yaml");
            assertThat(files.get(folder + "summary")).contains("Client:", "Server:", "Tag:");
            assertThat(files.get(folder + "processes")).contains("machined");
            assertThat(files.get(folder + "machineconfig.yaml")).contains("version: v1alpha1", "******");
            Set<String> services = services(node);
            assertThat(serviceFiles(files, folder, ".log")).isEqualTo(services);
            assertThat(serviceFiles(files, folder, ".state")).isEqualTo(services);
        }
        assertThat(files.get("summary")).contains("Nodes collected: 2", "Unreachable nodes: 0");
        assertNoSecret(files, forbidden);

        // a stopped node is noted as unreachable; the others are still collected
        ProcessHandle.of(LocalNodes.nodePid(worker.launcherPid())).orElseThrow().destroy();
        await().atMost(20, TimeUnit.SECONDS).until(() -> ProcessHandle.of(worker.launcherPid()).isEmpty());
        Path partial = dir.resolve("partial.zip");
        SharedCluster.Result withStopped = cluster.anvilctl("-n", nodes, "support", "-O", partial.toString());
        assertThat(withStopped.exitCode()).as(withStopped.err()).isZero();
        assertThat(withStopped.err()).contains("node " + worker.ip() + " is unreachable");
        Map<String, String> remaining = unzip(partial);
        assertThat(remaining).containsKeys(controlPlane.ip() + "/summary", controlPlane.ip() + "/machineconfig.yaml");
        assertThat(remaining.keySet()).noneMatch(name -> name.startsWith(worker.ip() + "/"));
        assertThat(remaining.get("summary")).contains("Nodes collected: 1", "Unreachable nodes: 1",
                "  " + worker.ip() + ": ");
        assertNoSecret(remaining, forbidden);
    }

    /**
     * The cluster's secrets as they could appear anywhere: as the config holds them, and, for each PEM block, the
     * lines of its base64 body (what a PEM text or a DER in base64 would show).
     */
    private static List<String> forbidden(SecretsBundle secrets) {
        List<String> forbidden = new ArrayList<>();
        for (String value : secrets.secretValues()) {
            forbidden.add(value);
            String pem;
            try {
                pem = new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            pem.lines().filter(l -> !l.startsWith("-----") && l.length() >= 40).forEach(forbidden::add);
        }
        assertThat(forbidden).hasSizeGreaterThan(20);
        return forbidden;
    }

    private static void assertNoSecret(Map<String, String> files, List<String> forbidden) {
        files.forEach((name, content) -> {
            for (String secret : forbidden) {
                assertThat(content.contains(secret)).as("%s holds a secret of the cluster (%s...)", name,
                        secret.substring(0, 8)).isFalse();
            }
        });
    }

    private Set<String> services(ClusterState.Node node) {
        SharedCluster.Result list = cluster.anvilctl("-n", node.ip(), "service");
        assertThat(list.exitCode()).as(list.err()).isZero();
        Set<String> ids = new TreeSet<>();
        list.out().lines().skip(1).forEach(l -> ids.add(l.split(" +")[1]));
        return ids;
    }

    private static Set<String> serviceFiles(Map<String, String> files, String folder, String suffix) {
        Set<String> ids = new TreeSet<>();
        String prefix = folder + "service-logs/";
        files.keySet().stream().filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
                .forEach(n -> ids.add(n.substring(prefix.length(), n.length() - suffix.length())));
        return ids;
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (var entry : file.stream().toList()) {
                try (var in = file.getInputStream(entry)) {
                    files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private static String run(String program, String... args) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec(program, List.of(args), Map.of("PATH", "/usr/bin:/bin",
                "HOME", "/tmp"), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(1, TimeUnit.MINUTES).success()).as("%s: %s", program, output).isTrue();
        return output;
    }
}
