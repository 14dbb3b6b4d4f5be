package dev.anvil.machined.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.machinery.resources.k8s.StaticPod;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The static pods served to the kubelet over HTTP on loopback, as Talos's StaticPodServerController does: any path
 * answers the current {@code v1 PodList} as YAML (the kubelet's {@code staticPodURL} source accepts a Pod or a
 * PodList), or 500 before the first list is set. The port is the kernel's choice; {@link #url} tells it.
 * Requests run on virtual threads; {@link #close} stops the server and its executor.
 */
public final class StaticPodServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile byte[] podList;

    private StaticPodServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on 127.0.0.1 at a free port. */
    public static StaticPodServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StaticPodServer served = new StaticPodServer(server, executor);
        server.createContext("/", served::serve);
        server.setExecutor(executor);
        server.start();
        return served;
    }

    /** {@code http://127.0.0.1:PORT}, Talos's form of the URL. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Serves this text from now on. */
    public void serve(String podListYaml) {
        podList = podListYaml.getBytes(StandardCharsets.UTF_8);
    }

    /** The pods as one {@code PodList}: kind, items (the pods in the given order, none as {@code []}), apiVersion. */
    public static String podList(List<StaticPod> pods) {
        List<Object> items = new ArrayList<>();
        pods.forEach(p -> items.add(p.pod().fields()));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", "PodList");
        list.put("items", items);
        list.put("apiVersion", "v1");
        return Yaml.dump(list);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = podList;
            if (body == null) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/yaml");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
