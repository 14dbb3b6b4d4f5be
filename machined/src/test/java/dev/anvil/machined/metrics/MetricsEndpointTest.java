package dev.anvil.machined.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint serves the exposition on /metrics only, and starts, moves and stops as it is told. */
class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serves_moves_andStops() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsEndpoint endpoint = new MetricsEndpoint(() -> "up " + scrapes.incrementAndGet() + "\n");
             HttpClient client = http) {
            assertThat(endpoint.address()).isEmpty();
            InetSocketAddress first = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
            endpoint.listen(Optional.of(first));
            HttpResponse<String> reply = get(client, first, "/metrics");
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("up 1\n");
            assertThat(reply.headers().firstValue("Content-Type")).contains(TextFormat.CONTENT_TYPE);
            assertThat(get(client, first, "/other").statusCode()).isEqualTo(404);

            endpoint.listen(Optional.of(first));
            assertThat(get(client, first, "/metrics").body()).as("the same address keeps serving").isEqualTo("up 2\n");

            InetSocketAddress second = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
            endpoint.listen(Optional.of(second));
            assertThat(get(client, second, "/metrics").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(client, first, "/metrics")).isInstanceOf(IOException.class);

            endpoint.listen(Optional.empty());
            assertThat(endpoint.address()).isEmpty();
            assertThatThrownBy(() -> get(client, second, "/metrics")).isInstanceOf(IOException.class);
        }
    }

    private static HttpResponse<String> get(HttpClient client, InetSocketAddress address, String path)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
