package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.TextForm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address as Talos's specs hold {@code netip.Addr}: its text in YAML ({@code 10.5.0.2}, {@code fd00::1}), a
 * {@code common.NetIP} message with the 4 or 16 address bytes on the wire.
 */
@TextForm
public record NetIp(@ProtoField(1) Bytes ip) {
    public NetIp {
        Objects.requireNonNull(ip, "ip");
        if (ip.length() != 4 && ip.length() != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length());
        }
    }

    /** Only literal addresses; nothing is resolved. */
    public static NetIp parse(String text) {
        if (text.indexOf(':') < 0 && text.chars().filter(c -> c == '.').count() != 3) {
            throw new IllegalArgumentException("not an IP address: \"" + text + "\"");
        }
        return of(InetAddress.ofLiteral(text));
    }

    public static NetIp of(InetAddress address) {
        return new NetIp(Bytes.of(address.getAddress()));
    }

    public boolean is6() {
        return ip.length() == 16;
    }

    /** True for 0.0.0.0 and ::. */
    public boolean isUnspecified() {
        for (int i = 0; i < ip.length(); i++) {
            if (ip.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isMulticast() {
        return is6() ? (ip.byteAt(0) & 0xff) == 0xff : (ip.byteAt(0) & 0xf0) == 0xe0;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(ip.toByteArray());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Dotted quad, or IPv6 with the longest run of two or more zero groups shortened to {@code ::} (RFC 5952). */
    @Override
    public String toString() {
        if (!is6()) {
            return (ip.byteAt(0) & 0xff) + "." + (ip.byteAt(1) & 0xff) + "." + (ip.byteAt(2) & 0xff) + "."
                    + (ip.byteAt(3) & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (ip.byteAt(2 * i) & 0xff) << 8 | (ip.byteAt(2 * i + 1) & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }
}
