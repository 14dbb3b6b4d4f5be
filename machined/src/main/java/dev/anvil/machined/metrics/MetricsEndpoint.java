package dev.anvil.machined.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.machined.log.Log;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The metrics endpoint: plain HTTP with the JDK's own server, {@code GET /metrics} answering Prometheus's text
 * format; any other path is 404. Off until {@link #listen} is given an address (the MetricsConfig document);
 * {@link #listen} with another address moves it, with none stops it. Scrapes are served on virtual threads.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final Supplier<String> metrics;
    private HttpServer server;
    private ExecutorService executor;
    private InetSocketAddress address;

    public MetricsEndpoint(Supplier<String> metrics) {
        this.metrics = metrics;
    }

    /** Serves on {@code wanted} from now on, or nowhere when it is empty; the same address again does nothing. */
    public synchronized void listen(Optional<InetSocketAddress> wanted) throws IOException {
        if (wanted.equals(Optional.ofNullable(address))) {
            return;
        }
        stop();
        if (wanted.isEmpty()) {
            Log.info("metrics endpoint stopped");
            return;
        }
        HttpServer started = HttpServer.create(wanted.get(), 16);
        started.createContext("/", this::serve);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        started.setExecutor(executor);
        started.start();
        server = started;
        address = wanted.get();
        Log.info("metrics endpoint listening", "address", "http://" + hostPort(started.getAddress()) + "/metrics");
    }

    /** The address served, with the port bound (for port 0), or empty when off. */
    public synchronized Optional<InetSocketAddress> address() {
        return Optional.ofNullable(server).map(HttpServer::getAddress);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            if (!exchange.getRequestURI().getPath().equals("/metrics") || !get) {
                exchange.sendResponseHeaders(get ? 404 : 405, -1);
                return;
            }
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (RuntimeException e) {
            Log.error("metrics scrape failed", e);
            throw e;
        }
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private void stop() {
        if (server != null) {
            server.stop(0);
            executor.close();
            server = null;
            executor = null;
            address = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
