package dev.anvil.machined.time;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * An SNTP client (RFC 4330, the client mode of RFC 5905): one 48-byte request to UDP port 123, one reply, and from
 * the four timestamps the clock's offset from the server and the round-trip delay. A reply is taken only when it
 * answers this request (its origin timestamp is our transmit timestamp), comes from a synchronised server (stratum
 * 1 to 15, leap indicator not "alarm") in server mode, and carries a transmit time. Blocking I/O: call it on a
 * virtual thread.
 */
public final class Sntp {
    public static final int PORT = 123;
    /** Seconds from the NTP era (1900) to the Unix epoch. */
    static final long ERA_OFFSET = 2_208_988_800L;
    private static final int PACKET = 48;

    private final Supplier<Instant> clock;

    /** The system clock, to microseconds. */
    public Sntp() {
        this(Instant::now);
    }

    Sntp(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** What one exchange measured: positive offset means the local clock is behind the server. */
    public record Sample(String server, Instant serverTime, Instant localTime, Duration offset, Duration delay,
            int stratum) {
    }

    /** Asks {@code server} (a host name or address, with an optional {@code :port}). */
    public Sample query(String server, Duration timeout) throws IOException {
        InetSocketAddress address = address(server);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + server);
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.connect(address);
            byte[] request = new byte[PACKET];
            request[0] = 0b00_100_011; // leap 0, version 4, mode 3 (client)
            Instant t1 = clock.get();
            long sent = toNtp(t1);
            ByteBuffer.wrap(request).putLong(40, sent);
            socket.send(new DatagramPacket(request, PACKET));
            byte[] reply = new byte[PACKET];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                DatagramPacket packet = new DatagramPacket(reply, PACKET);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    throw new IOException("no answer from " + server + " within " + timeout.toMillis() + " ms", e);
                }
                Instant t4 = clock.get();
                if (packet.getLength() >= PACKET && ByteBuffer.wrap(reply).getLong(24) == sent) {
                    return sample(server, reply, t1, t4);
                }
                // a stray or late datagram: wait for ours in what is left of the timeout
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no answer from " + server + " within " + timeout.toMillis() + " ms");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The offset and delay of a reply (RFC 5905 section 8), after checking that it can be trusted. */
    static Sample sample(String server, byte[] reply, Instant t1, Instant t4) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(reply);
        int leap = (reply[0] >> 6) & 0b11;
        int mode = reply[0] & 0b111;
        int stratum = reply[1] & 0xff;
        if (mode != 4 && mode != 5) {
            throw new IOException(server + " answered in mode " + mode + ", not as a server");
        }
        if (stratum == 0) {
            String code = new String(reply, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
            throw new IOException(server + " sent a kiss-o'-death: " + code.strip());
        }
        if (stratum > 15 || leap == 3) {
            throw new IOException(server + " is not synchronised (stratum " + stratum + ", leap " + leap + ")");
        }
        long transmit = in.getLong(40);
        if (transmit == 0) {
            throw new IOException(server + " sent no transmit time");
        }
        Instant t2 = fromNtp(in.getLong(32));
        Instant t3 = fromNtp(transmit);
        Duration offset = Duration.between(t1, t2).plus(Duration.between(t4, t3)).dividedBy(2);
        Duration delay = Duration.between(t1, t4).minus(Duration.between(t2, t3));
        return new Sample(server, t3, t4, offset, delay.isNegative() ? Duration.ZERO : delay, stratum);
    }

    /** NTP's 64-bit timestamp: seconds since 1900 in the high 32 bits, the fraction of a second in the low. */
    static long toNtp(Instant t) {
        long seconds = t.getEpochSecond() + ERA_OFFSET;
        long fraction = (((long) t.getNano()) << 32) / 1_000_000_000L;
        return (seconds << 32) | (fraction & 0xffff_ffffL);
    }

    /** The era that holds {@code ntp}: from 2036 the 32-bit seconds wrap, so small values are in era 1. */
    static Instant fromNtp(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xffff_ffffL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32;
        }
        long nanos = (fraction * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds - ERA_OFFSET, nanos);
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address; port 123 unless said. */
    static InetSocketAddress address(String server) throws IOException {
        String host = server;
        int port = PORT;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            host = server.substring(1, close);
            if (server.length() > close + 1 && server.charAt(close + 1) == ':') {
                port = Integer.parseInt(server.substring(close + 2));
            }
        } else if (server.indexOf(':') > 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }
}
