package dev.anvil.ctl.cluster;

import dev.anvil.sys.NetworkNamespace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP forwards from 127.0.0.1 in the host's network namespace to addresses in another one (the qemu cluster's):
 * one listening socket per target, on a port the kernel picks. Listening sockets are made by the caller's thread (in
 * the host namespace); each outgoing socket is made on a short-lived platform thread that entered the target
 * namespace (a socket keeps the namespace it was made in), then connected and pumped from virtual threads, so no
 * other thread of the process ever changes namespace.
 */
final class ApiForwarder implements AutoCloseable {
    private final Path netns;
    private final Map<InetSocketAddress, ServerSocket> listeners = new LinkedHashMap<>();

    private ApiForwarder(Path netns) {
        this.netns = netns;
    }

    /** Listens for each target on 127.0.0.1 and starts forwarding; {@link #ports} tells where. */
    static ApiForwarder start(Path netns, List<InetSocketAddress> targets) throws IOException {
        ApiForwarder forwarder = new ApiForwarder(netns);
        try {
            for (InetSocketAddress target : targets) {
                ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                forwarder.listeners.put(target, listener);
            }
        } catch (IOException e) {
            forwarder.close();
            throw e;
        }
        forwarder.listeners.forEach((target, listener) ->
                Thread.ofVirtual().name("forward " + target).start(() -> forwarder.accept(listener, target)));
        return forwarder;
    }

    /** The port on 127.0.0.1 for each target, in the order they were given. */
    Map<InetSocketAddress, Integer> ports() {
        Map<InetSocketAddress, Integer> ports = new LinkedHashMap<>();
        listeners.forEach((target, listener) -> ports.put(target, listener.getLocalPort()));
        return ports;
    }

    private void accept(ServerSocket listener, InetSocketAddress target) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> forward(client, target));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void forward(Socket client, InetSocketAddress target) {
        try (client; SocketChannel upstream = NetworkNamespace.run(netns,
                () -> SocketChannel.open(StandardProtocolFamily.INET))) {
            upstream.connect(target);
            Socket server = upstream.socket();
            Thread back = Thread.ofVirtual().start(() -> pump(inputOf(server), client));
            pump(client.getInputStream(), server);
            back.join();
        } catch (Exception e) {
            // the target refused or went away: the client sees its connection closed, as if the node had
        }
    }

    private static InputStream inputOf(Socket socket) {
        try {
            return socket.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    /** Copies until the end of {@code in}, then half-closes {@code to}, so the other direction can finish. */
    private static void pump(InputStream in, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        List<IOException> failures = new ArrayList<>();
        for (ServerSocket listener : listeners.values()) {
            try {
                listener.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("closing the forwards: " + failures);
        }
    }
}
