package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machined.log.LineCollector;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an operator watches a node by, from outside it: a configured container-mode node gets a MetricsConfig
 * document and two log destinations by apply-config (no reboot); a real Prometheus (Debian's), run by the test on
 * the host side of the cluster's bridge, scrapes it, and the test reads the node's count of API calls back through
 * Prometheus's HTTP API; a TCP and a UDP collector on the bridge receive machined's log as Talos's JSON lines.
 * Applying the config without the document turns the endpoint off.
 */
@Tag("e2e")
class ObservabilityTest {
    private static final int METRICS_PORT = 9101;
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"\\]");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void prometheusScrapesTheNode_andTheLogReachesACollector() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
            throw new AssertionError("prometheus is missing: run scripts/setup (Debian package prometheus)");
        }
        try (SharedCluster cluster = SharedCluster.create("obs", "10.213.33.0/24", 1);
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            ClusterState state = ClusterState.load(cluster.dir());
            String host = state.bridgeAddress().split("/")[0];
            String node = cluster.nodes().getFirst().address().split("/")[0];
            try (LineCollector collector = new LineCollector(InetAddress.ofLiteral(host), 0);
                 DatagramSocket udp = new DatagramSocket(0, InetAddress.ofLiteral(host))) {
                udp.setSoTimeout(30_000);
                String logging = """
                        machine:
                          logging:
                            destinations:
                              - endpoint: tcp://%s:%d
                                format: json_lines
                                extraTags: {test: observability}
                              - endpoint: udp://%s:%d
                                format: json_lines
                        """.formatted(host, collector.port(), host, udp.getLocalPort());
                apply(cluster, logging + "---\napiVersion: anvil.dev/v1alpha1\nkind: MetricsConfig\nlistenAddress: \":"
                        + METRICS_PORT + "\"\n");

                String shipped = collector.next("metrics endpoint listening", 30);
                assertThat(shipped).contains("\"talos-service\":\"machined\"", "\"talos-level\":\"info\"",
                        "\"test\":\"observability\"", "\"address\":\"http://");
                DatagramPacket datagram = new DatagramPacket(new byte[65536], 65536);
                udp.receive(datagram);
                assertThat(new String(datagram.getData(), 0, datagram.getLength(), StandardCharsets.UTF_8))
                        .startsWith("{").contains("\"talos-service\":\"machined\"").doesNotContain("observability");

                try (Prometheus prometheus = Prometheus.start(host, node + ":" + METRICS_PORT)) {
                    for (int i = 0; i < 5; i++) {
                        assertThat(cluster.anvilctl("version").exitCode()).isZero();
                    }
                    String query = "machined_api_requests_total{method=\"machine.MachineService/Version\",code=\"OK\"}";
                    await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
                            assertThat(prometheus.query(http, query)).isGreaterThanOrEqualTo(5));
                    assertThat(prometheus.query(http, "sum(machined_resources)")).isPositive();
                    assertThat(prometheus.query(http, "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
                    assertThat(prometheus.query(http, "sum(machined_controller_reconciles_total)")).isPositive();
                    assertThat(prometheus.query(http, "machined_log_lines_dropped_total")).isZero();
                    System.out.println("Prometheus read back " + query + " = " + prometheus.query(http, query));
                }

                // the config without the document: the endpoint stops, shipping goes on
                apply(cluster, logging);
                collector.next("metrics endpoint stopped", 30);
                assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://" + node + ":"
                        + METRICS_PORT + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static void apply(SharedCluster cluster, String patch) throws IOException {
        Path file = cluster.dir().resolve("patch.yaml");
        Files.writeString(file, patch);
        var applied = cluster.anvilctl("apply-config", "-f", cluster.dir().resolve("controlplane.yaml").toString(),
                "-p", "@" + file);
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("without a reboot");
    }

    /**
     * Debian's Prometheus scraping one target every second, serving its API on the host's bridge address; its
     * data in a temporary directory. Closing stops it by its PID and removes the directory.
     */
    private record Prometheus(Path dir, Child process, String api, ByteArrayOutputStream output)
            implements AutoCloseable {
        static final int PORT = 19090;

        static Prometheus start(String host, String target) throws IOException {
            Path dir = Files.createTempDirectory("anvil-prometheus");
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: anvil
                        static_configs:
                          - targets: ['%s']
                    """.formatted(target));
            Child child = Spawner.spawn(ProcessSpec.of("/usr/bin/prometheus",
                    "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=" + host + ":" + PORT).withOutput(ProcessSpec.Output.CAPTURE));
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // drained, so that its log never fills the pipe and stops it
            Thread.ofVirtual().start(() -> {
                try {
                    child.output().transferTo(output);
                } catch (IOException ignored) {
                    // it ended
                }
            });
            return new Prometheus(dir, child, "http://" + host + ":" + PORT, output);
        }

        /** The value of an instant query that yields one sample; fails while it yields none. */
        double query(HttpClient http, String promql) throws IOException, InterruptedException {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            Matcher value = VALUE.matcher(reply.body());
            assertThat(value.find()).as("a sample for %s in %s", promql, reply.body()).isTrue();
            return Double.parseDouble(value.group(1));
        }

        @Override
        public void close() throws Exception {
            try {
                process.signal(Child.SIGTERM);
                try {
                    process.exit().get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    process.signal(Child.SIGKILL);
                    process.exit().get(10, TimeUnit.SECONDS);
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
