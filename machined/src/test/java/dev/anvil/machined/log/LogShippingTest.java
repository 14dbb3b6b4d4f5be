package dev.anvil.machined.log;

import dev.anvil.machined.services.LogRing;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.sys.Cgroups;
import dev.anvil.sys.ProcessSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log shipping to real listeners on loopback: machined's lines and a real service's output arrive as Talos's JSON
 * lines over TCP and UDP; with the collector down, lines are dropped and counted while the node's own logs keep
 * everything, and shipping resumes when the collector comes back.
 */
class LogShippingTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final LogShipping shipping = new LogShipping();

    @AfterEach
    void stop() {
        Log.shipTo(null);
        shipping.close();
    }

    @Test
    void machinedAndServiceLines_reachATcpCollector_asJsonLines() throws Exception {
        try (LineCollector collector = new LineCollector(LOOPBACK, 0);
             Supervisor supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid()
                     + "-ship")) {
            shipping.configure(List.of(new LogShipping.Destination(URI.create("tcp://127.0.0.1:"
                    + collector.port()), Map.of("cluster", "test"))));
            Log.shipTo(shipping);
            supervisor.onLogLine((id, line) -> shipping.ship(LogEntry.service(id, line)));

            Log.warn("disk \"a\" is slow", "device", "sda", "ms", 250);
            supervisor.register(ServiceSpec.of("talker", ProcessSpec.of("/bin/sh", "-c", "echo from-the-service")));
            supervisor.start("talker");

            String machined = collector.next("disk", 20);
            assertThat(machined).startsWith("{").endsWith("}").contains("\"device\":\"sda\"", "\"ms\":250",
                    "\"msg\":\"disk \\\"a\\\" is slow\"", "\"talos-level\":\"warn\"",
                    "\"talos-service\":\"machined\"", "\"cluster\":\"test\"").containsPattern(
                    "\"talos-time\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\"");
            assertThat(collector.next("from-the-service", 20)).contains("\"msg\":\"from-the-service\"",
                    "\"talos-service\":\"talker\"", "\"talos-level\":\"info\"", "\"cluster\":\"test\"");
            assertThat(shipping.counts()).singleElement().satisfies(c -> assertThat(c.dropped()).isZero());
        }
    }

    @Test
    void lines_reachAUdpCollector_oneDatagramEach_tooLongOnesDropped() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, LOOPBACK)) {
            collector.setSoTimeout(10_000);
            shipping.configure(List.of(new LogShipping.Destination(URI.create("udp://127.0.0.1:"
                    + collector.getLocalPort()), Map.of())));
            shipping.ship(LogEntry.service("etcd", "first"));
            shipping.ship(LogEntry.service("etcd", "x".repeat(70_000)));
            shipping.ship(LogEntry.service("etcd", "second"));
            assertThat(receive(collector)).contains("\"msg\":\"first\"", "\"talos-service\":\"etcd\"")
                    .doesNotContain("\n");
            assertThat(receive(collector)).as("a line too long for a datagram is dropped").contains("\"msg\":\"second\"");
            // counted once sent: a moment after the datagram left
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(shipping.counts()).singleElement()
                    .satisfies(c -> {
                        assertThat(c.dropped()).isOne();
                        assertThat(c.sent()).isEqualTo(2);
                    }));
        }
    }

    @Test
    void collectorDown_dropsAndCountsLines_theNodesLogsKeepThemAll_andShippingResumes() throws Exception {
        int port = freePort();
        URI endpoint = URI.create("tcp://127.0.0.1:" + port);
        try (LogSender sender = new LogSender(endpoint, Map.of(), 4)) {
            LogRing ring = new LogRing(1 << 20, line -> sender.offer(LogEntry.service("talker", line)));
            PrintStream stdout = System.out;
            ByteArrayOutputStream ownLog = new ByteArrayOutputStream();
            System.setOut(new PrintStream(ownLog, true, StandardCharsets.UTF_8));
            long started = System.nanoTime();
            try {
                for (int i = 0; i < 1000; i++) {
                    ring.appendLine("line " + i);
                }
                Log.info("machined keeps its own line");
            } finally {
                System.setOut(stdout);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("offering never waits for the collector")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(ring.tail(-1)).hasSize(1000).startsWith("line 0").endsWith("line 999");
            assertThat(ownLog.toString(StandardCharsets.UTF_8)).contains("machined keeps its own line");
            // the queue holds 4, the sender retries 1 in hand: all others are dropped
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sender.counts().dropped())
                    .isBetween(995L, 996L));
            assertThat(sender.counts().sent()).isZero();

            try (LineCollector collector = new LineCollector(LOOPBACK, port)) {
                await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sender.counts().sent())
                        .isGreaterThanOrEqualTo(4));
                assertThat(collector.next("\"msg\":\"line 0\"", 20)).contains("\"talos-service\":\"talker\"");
            }
        }
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
