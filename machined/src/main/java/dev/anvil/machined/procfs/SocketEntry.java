package dev.anvil.machined.procfs;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One line of a socket table of /proc/net ({@code tcp}, {@code tcp6}, {@code udp}, {@code udp6}, {@code udplite},
 * {@code udplite6}, {@code raw}, {@code raw6}): the addresses as raw bytes (4 or 16), the kernel's state number, the
 * queues, timer, owner and inode. {@code transport} is the file's name.
 */
public record SocketEntry(String transport, byte[] localAddress, int localPort, byte[] remoteAddress,
        int remotePort, int state, long txQueue, long rxQueue, int timerActive, long timerWhen, long retransmits,
        int uid, long timeout, long inode, long references, long pointer) {

    /** The process that holds a socket: its pid and short command name. */
    public record Owner(int pid, String name) {
    }

    /** The entries of one table; lines that do not have the table's columns (its header) are skipped. */
    public static List<SocketEntry> parse(String transport, String text) {
        List<SocketEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":") || f[1].indexOf(':') < 0) {
                continue;
            }
            String[] local = f[1].split(":");
            String[] remote = f[2].split(":");
            String[] queues = f[4].split(":");
            String[] timer = f[5].split(":");
            entries.add(new SocketEntry(transport, address(local[0]), Integer.parseInt(local[1], 16),
                    address(remote[0]), Integer.parseInt(remote[1], 16), Integer.parseInt(f[3], 16),
                    Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16), Integer.parseInt(timer[0], 16),
                    Long.parseLong(timer[1], 16), Long.parseLong(f[6], 16), Integer.parseInt(f[7]),
                    Long.parseLong(f[8]), Long.parseLong(f[9]), f.length > 10 ? Long.parseLong(f[10]) : 0,
                    f.length > 11 ? Long.parseUnsignedLong(f[11], 16) : 0));
        }
        return entries;
    }

    /**
     * The kernel prints an address as 32-bit words in hex, each in the host's byte order; an IPv4-mapped IPv6
     * address is returned as its 4 IPv4 bytes (as Go prints it).
     */
    static byte[] address(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word + 4 <= bytes.length; word += 4) {
                swap(bytes, word, word + 3);
                swap(bytes, word + 1, word + 2);
            }
        }
        if (bytes.length == 16 && mapped(bytes)) {
            return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        return bytes;
    }

    /** Listening, as Talos tells it: no remote address and no remote port. */
    public boolean listening() {
        return remotePort == 0 && unspecified(remoteAddress);
    }

    private static boolean mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static boolean unspecified(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void swap(byte[] b, int i, int j) {
        byte t = b[i];
        b[i] = b[j];
        b[j] = t;
    }
}
