package dev.anvil.machined.config;

import com.sun.net.httpserver.HttpServer;
import dev.anvil.machined.controllers.network.KernelCmdline;
import dev.anvil.machinery.config.validate.ValidationMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node without a stored config takes the kernel command line's: inline (base64 of gzip, or of the YAML), or from
 * an HTTP server on loopback that answers only after failing a few times; a bad one is reported and stored nowhere.
 */
class CmdlineConfigTest {
    private static final CmdlineConfig.Fetch QUICK = new CmdlineConfig.Fetch(Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private PersistedConfig persisted() {
        return new PersistedConfig(dir.resolve("config.yaml"), ValidationMode.CONTAINER);
    }

    private static String worker() throws Exception {
        return new String(CmdlineConfigTest.class.getResourceAsStream("/worker.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
    }

    private PersistedConfig.Found acquire(String cmdline) throws Exception {
        return CmdlineConfig.acquire(KernelCmdline.parse(cmdline), persisted(), ValidationMode.CONTAINER, QUICK,
                problems::add);
    }

    @Test
    void inlineGzip_isStored_andBootedWith() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(worker().getBytes(StandardCharsets.UTF_8));
        }
        PersistedConfig.Found found = acquire("console=ttyS0 anvil.config.inline="
                + Base64.getEncoder().encodeToString(gzipped.toByteArray()) + " quiet");
        assertThat(found).isInstanceOf(PersistedConfig.Valid.class);
        assertThat(problems).isEmpty();
        assertThat(Files.readString(dir.resolve("config.yaml"))).isEqualTo(worker());
        assertThat(persisted().read()).isInstanceOf(PersistedConfig.Valid.class);
    }

    @Test
    void inlinePlainBase64_isAcceptedToo() throws Exception {
        assertThat(acquire("anvil.config.inline=" + Base64.getEncoder().encodeToString(worker()
                .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(PersistedConfig.Valid.class);
    }

    @Test
    void noParameter_isNoConfig_andNoProblem() throws Exception {
        assertThat(acquire("console=ttyS0 ip=dhcp")).isInstanceOf(PersistedConfig.Absent.class);
        assertThat(problems).isEmpty();
        assertThat(dir.resolve("config.yaml")).doesNotExist();
    }

    @Test
    void badInline_isReported_andNothingStored() throws Exception {
        assertThat(acquire("anvil.config.inline=%%%")).isInstanceOf(PersistedConfig.Absent.class);
        assertThat(problems).singleElement().asString().contains("not base64");
        problems.clear();
        assertThat(acquire("anvil.config.inline=" + Base64.getEncoder().encodeToString(worker()
                .replace("machine:", "machine:\n    notAField: 1").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(PersistedConfig.Absent.class);
        assertThat(problems).singleElement().asString().contains("is not valid").contains("notAField");
        assertThat(dir.resolve("config.yaml")).doesNotExist();
    }

    @Test
    void url_isFetchedAgainUntilTheServerAnswers() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String config = worker();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/config.yaml", exchange -> {
            byte[] body = config.getBytes(StandardCharsets.UTF_8);
            // not ready the first two times, as a config server coming up after the node
            int status = asked.incrementAndGet() <= 2 ? 503 : 200;
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        PersistedConfig.Found found = acquire("anvil.config=http://127.0.0.1:" + server.getAddress().getPort()
                + "/config.yaml");
        assertThat(found).isInstanceOf(PersistedConfig.Valid.class);
        assertThat(asked).hasValue(3);
        assertThat(Files.readString(dir.resolve("config.yaml"))).isEqualTo(config);
    }

    @Test
    void urlNobodyServes_givesUpAfterItsTime_andReports() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        server.stop(0);
        server = null;
        long started = System.nanoTime();
        assertThat(acquire("anvil.config=http://127.0.0.1:" + port + "/config.yaml"))
                .isInstanceOf(PersistedConfig.Absent.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(problems).singleElement().asString().contains("could not be fetched");
        assertThat(acquire("anvil.config=ftp://example.invalid/c.yaml")).isInstanceOf(PersistedConfig.Absent.class);
        assertThat(problems).last().asString().contains("must be an http or https URL");
    }
}
