package dev.anvil.ctl;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machinery.resources.network.NetIp;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads a pcap stream as it comes, in chunks cut anywhere, and prints one line a packet in the manner of tcpdump:
 * the time (UTC), then what the Ethernet (or raw IP) frame carries, as far as IPv4, IPv6, ARP and the ports of TCP
 * and UDP go. Not thread-safe: one reader feeds it.
 */
final class PcapLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private ByteOrder order;
    private int linkType;

    PcapLines(PrintWriter out) {
        this.out = out;
    }

    /** Takes the next bytes of the stream and prints the packets they complete. */
    void add(byte[] chunk) {
        pending.writeBytes(chunk);
        ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
        if (order == null) {
            if (buffer.remaining() < 24) {
                return;
            }
            order = buffer.getInt(0) == 0xa1b2c3d4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            buffer.order(order);
            linkType = buffer.getInt(20);
            buffer.position(24);
        }
        buffer.order(order);
        while (buffer.remaining() >= 16) {
            int start = buffer.position();
            long seconds = Integer.toUnsignedLong(buffer.getInt(start));
            long micros = Integer.toUnsignedLong(buffer.getInt(start + 4));
            int kept = buffer.getInt(start + 8);
            int length = buffer.getInt(start + 12);
            if (buffer.remaining() < 16 + kept) {
                break;
            }
            byte[] frame = new byte[kept];
            buffer.position(start + 16).get(frame);
            out.println(TIME.format(Instant.ofEpochSecond(seconds, micros * 1000)) + " " + describe(frame, length));
        }
        out.flush();
        pending.reset();
        pending.write(buffer.array(), buffer.position(), buffer.remaining());
    }

    private String describe(byte[] frame, int length) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        int etherType;
        if (linkType == 1) {
            if (frame.length < 14) {
                return "truncated frame, length " + length;
            }
            etherType = Short.toUnsignedInt(b.getShort(12));
            b.position(14);
        } else {
            etherType = frame.length > 0 && (frame[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
        }
        return switch (etherType) {
            case 0x0800 -> ipv4(b.slice(), length);
            case 0x86dd -> ipv6(b.slice(), length);
            case 0x0806 -> "ARP, length " + length;
            default -> String.format("ethertype 0x%04x, length %d", etherType, length);
        };
    }

    private static String ipv4(ByteBuffer ip, int length) {
        if (ip.remaining() < 20) {
            return "IP truncated, length " + length;
        }
        int headerLength = (ip.get(0) & 0x0f) * 4;
        String from = (ip.get(12) & 0xff) + "." + (ip.get(13) & 0xff) + "." + (ip.get(14) & 0xff) + "."
                + (ip.get(15) & 0xff);
        String to = (ip.get(16) & 0xff) + "." + (ip.get(17) & 0xff) + "." + (ip.get(18) & 0xff) + "."
                + (ip.get(19) & 0xff);
        return "IP " + transport(ip, ip.get(9) & 0xff, headerLength, from, to, length);
    }

    private static String ipv6(ByteBuffer ip, int length) {
        if (ip.remaining() < 40) {
            return "IP6 truncated, length " + length;
        }
        return "IP6 " + transport(ip, ip.get(6) & 0xff, 40, address6(ip, 8), address6(ip, 24), length);
    }

    private static String transport(ByteBuffer ip, int protocol, int headerLength, String from, String to,
            int length) {
        boolean ports = (protocol == 6 || protocol == 17) && ip.remaining() >= headerLength + 4;
        if (ports) {
            from += "." + Short.toUnsignedInt(ip.getShort(headerLength));
            to += "." + Short.toUnsignedInt(ip.getShort(headerLength + 2));
        }
        String name = switch (protocol) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "ICMP6";
            default -> "protocol " + protocol;
        };
        return from + " > " + to + ": " + name + ", length " + length;
    }

    private static String address6(ByteBuffer ip, int at) {
        byte[] bytes = new byte[16];
        ip.get(at, bytes);
        return new NetIp(Bytes.of(bytes)).toString();
    }
}
