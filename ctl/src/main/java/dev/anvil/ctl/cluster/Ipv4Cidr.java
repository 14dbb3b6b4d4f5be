package dev.anvil.ctl.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 network such as {@code 10.5.0.0/24}, handing out host addresses by number (1 is the bridge). */
public record Ipv4Cidr(int network, int prefixLength) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public static Ipv4Cidr parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--cidr " + text + " is not an IPv4 network like 10.5.0.0/24");
        }
        int bits = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("--cidr " + text + ": " + octet + " is not an address byte");
            }
            bits = bits << 8 | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("--cidr " + text + ": the prefix length must be 8 to 30");
        }
        int mask = -1 << (32 - prefix);
        if ((bits & ~mask) != 0) {
            throw new IllegalArgumentException("--cidr " + text + " has host bits set; did you mean "
                    + new Ipv4Cidr(bits & mask, prefix) + "?");
        }
        return new Ipv4Cidr(bits, prefix);
    }

    /** How many hosts fit, the bridge included. */
    public int hosts() {
        return (1 << (32 - prefixLength)) - 2;
    }

    public InetAddress host(int number) {
        if (number < 1 || number > hosts()) {
            throw new IllegalArgumentException(this + " has no host number " + number);
        }
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(network + number).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return (network >>> 24) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "." + (network & 255)
                + "/" + prefixLength;
    }
}
