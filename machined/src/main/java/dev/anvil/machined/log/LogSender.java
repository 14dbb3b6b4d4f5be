package dev.anvil.machined.log;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ships JSON lines to one collector ({@code tcp://host:port}: newline-terminated lines on one connection;
 * {@code udp://host:port}: one datagram a line), as Talos's json_lines sender does.
 *
 * <p>Contract: {@link #offer} never blocks and never fails. Lines wait in a bounded queue ({@link #CAPACITY} lines);
 * one virtual thread sends them in order. When the collector cannot be reached the line in hand is retried after
 * a backoff (100 ms doubling to 5 s) with a new connection, the queue fills, and further lines are dropped and
 * counted; the first failure of an outage and the end of an outage (with the lines dropped meanwhile) are logged.
 * A line a failed TCP write may have half sent is sent again whole; a line too long for one UDP datagram is
 * dropped and counted. {@link #close} stops the thread and drops what is queued.
 */
public final class LogSender implements AutoCloseable {
    static final int CAPACITY = 4096;
    /** The largest UDP payload over IPv4; a longer line cannot be one datagram and is dropped. */
    static final int MAX_DATAGRAM = 65_507;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final URI endpoint;
    private final Map<String, String> extraTags;
    private final BlockingQueue<String> queue;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    /** What a sender has done so far. */
    public record Counts(String endpoint, long sent, long dropped, int queued) {
    }

    private sealed interface Connection extends AutoCloseable permits Tcp, Udp {
        void send(byte[] line) throws IOException;

        @Override
        void close();
    }

    private record Tcp(Socket socket, OutputStream out) implements Connection {
        @Override
        public void send(byte[] line) throws IOException {
            out.write(line);
            out.write('\n');
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do with a connection that is going
            }
        }
    }

    private record Udp(DatagramChannel channel) implements Connection {
        @Override
        public void send(byte[] line) throws IOException {
            channel.write(ByteBuffer.wrap(line));
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    LogSender(URI endpoint, Map<String, String> extraTags, int capacity) {
        this.endpoint = endpoint;
        this.extraTags = Map.copyOf(extraTags);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name("log-sender " + endpoint).start(this::run);
    }

    public LogSender(URI endpoint, Map<String, String> extraTags) {
        this(endpoint, extraTags, CAPACITY);
    }

    URI endpoint() {
        return endpoint;
    }

    Map<String, String> extraTags() {
        return extraTags;
    }

    /** Queues the entry for sending, or counts it dropped when the queue is full. */
    public void offer(LogEntry entry) {
        if (closed || !queue.offer(entry.json(extraTags))) {
            dropped.increment();
        }
    }

    public Counts counts() {
        return new Counts(endpoint.toString(), sent.sum(), dropped.sum(), queue.size());
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean down = false;
        long droppedBefore = 0;
        try {
            while (!closed) {
                byte[] line = queue.take().getBytes(StandardCharsets.UTF_8);
                if (line.length > MAX_DATAGRAM && "udp".equals(endpoint.getScheme())) {
                    dropped.increment();
                    continue;
                }
                while (true) {
                    try {
                        send(line);
                        sent.increment();
                        retry = FIRST_RETRY;
                        if (down) {
                            down = false;
                            Log.info("log destination reachable again", "endpoint", endpoint.toString(),
                                    "dropped", dropped.sum() - droppedBefore);
                        }
                        break;
                    } catch (IOException e) {
                        disconnect();
                        if (closed) {
                            return;
                        }
                        if (!down) {
                            down = true;
                            droppedBefore = dropped.sum();
                            Log.warn("log destination unreachable: buffering, then dropping lines", "endpoint",
                                    endpoint.toString(), "error", String.valueOf(e.getMessage()));
                        }
                        Thread.sleep(retry);
                        retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                    }
                }
            }
        } catch (InterruptedException stopping) {
            // closed
        } finally {
            disconnect();
        }
    }

    private void send(byte[] line) throws IOException {
        Connection current = connection;
        if (current == null) {
            current = connect();
            connection = current;
        }
        current.send(line);
    }

    private Connection connect() throws IOException {
        var address = new InetSocketAddress(endpoint.getHost().replaceAll("^\\[|]$", ""), endpoint.getPort());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + endpoint.getHost());
        }
        if ("udp".equals(endpoint.getScheme())) {
            DatagramChannel channel = DatagramChannel.open();
            try {
                channel.connect(address);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Udp(channel);
        }
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new Tcp(socket, socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private synchronized void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Stops sending; what is queued is dropped. Returns once the sending thread has ended. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        disconnect();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
