package dev.anvil.machined.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP log collector for tests (also the e2e tests'): accepts one connection on {@code address} (port 0: any) and
 * keeps each line it reads. Closing stops listening and ends the reader.
 */
public final class LineCollector implements AutoCloseable {
    private final ServerSocket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    public LineCollector(InetAddress address, int port) throws IOException {
        socket = new ServerSocket(port, 5, address);
        reader = Thread.ofVirtual().start(this::read);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The next line that contains {@code text}, skipping others; fails after {@code seconds}. */
    public String next(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the collector got no line with " + text);
    }

    private void read() {
        try (Socket connection = socket.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                     StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        reader.interrupt();
    }
}
