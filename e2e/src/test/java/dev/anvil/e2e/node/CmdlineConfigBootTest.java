package dev.anvil.e2e.node;

import com.sun.net.httpserver.HttpServer;
import dev.anvil.sys.Namespaces;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container-mode node with no stored config and a kernel command line (its state directory's {@code cmdline})
 * that names one: from a URL served inside the node's own network namespace, which starts answering only after the
 * node has failed to fetch it (the node tries again and boots configured, and stores the config); or inline, where
 * a config that does not validate is an event and maintenance mode.
 */
@Tag("e2e")
class CmdlineConfigBootTest {
    @TempDir
    Path first;
    @TempDir
    Path second;

    private static String worker() throws Exception {
        return new String(CmdlineConfigBootTest.class.getResourceAsStream("/worker.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void urlServedLate_isFetchedAgain_andTheNodeBootsConfigured() throws Exception {
        Files.createDirectories(first.resolve("system/state"));
        Files.writeString(first.resolve("system/state/cmdline"),
                "console=ttyS0 anvil.config=http://127.0.0.1:8080/worker.yaml\n");
        AtomicInteger served = new AtomicInteger();
        HttpServer server = null;
        try (ContainerNode node = ContainerNode.start(first, "cmdline-url")) {
            node.awaitLog("fetching the config again", 60);
            server = serveInNamespace(node.pid(), worker(), served);
            node.awaitLog("machined: ready", 90);
            assertThat(node.log()).contains("stored the config of the kernel command line")
                    .contains("booting from the persisted config").doesNotContain("maintenance mode");
            assertThat(served).hasValue(1);
            assertThat(Files.readString(first.resolve("system/state/config.yaml"))).isEqualTo(worker());
        } finally {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void inlineConfigThatDoesNotValidate_isReported_andMaintenanceMode() throws Exception {
        Files.createDirectories(second.resolve("system/state"));
        String bad = worker().replace("machine:", "machine:\n    notAField: 1");
        Files.writeString(second.resolve("system/state/cmdline"), "anvil.config.inline="
                + Base64.getEncoder().encodeToString(bad.getBytes(StandardCharsets.UTF_8)) + "\n");
        try (ContainerNode node = ContainerNode.start(second, "cmdline-bad")) {
            node.awaitLog("machined: ready", 60);
            assertThat(node.log()).contains("the kernel command line's config (anvil.config.inline) is not valid")
                    .contains("notAField").contains("no config: maintenance mode");
        }
        assertThat(second.resolve("system/state/config.yaml")).doesNotExist();
    }

    /**
     * An HTTP server on 127.0.0.1:8080 of the node's network namespace: a platform thread of the test moves itself
     * there (a thread may) and binds the socket, which stays in that namespace.
     */
    private static HttpServer serveInNamespace(long pid, String config, AtomicInteger served) throws Exception {
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        Thread.ofPlatform().name("config-server").start(() -> {
            try {
                Namespaces.enter("/proc/" + pid + "/ns/net", Namespaces.CLONE_NEWNET);
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                        0);
                server.createContext("/worker.yaml", exchange -> {
                    byte[] body = config.getBytes(StandardCharsets.UTF_8);
                    served.incrementAndGet();
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                started.complete(server);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }).join();
        return started.get();
    }
}
