package dev.anvil.machined.network.dhcp4;

import dev.anvil.cosi.resource.Bytes;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a DHCPv4 message (RFC 2132), by code in the order first seen, each as its raw value. An option
 * split over several entries (RFC 3396) is one value here: decoding concatenates the parts, encoding splits a value
 * longer than 255 bytes. The typed readers return empty when an option is absent or malformed, so a server's odd
 * option never fails the whole message.
 */
public final class Dhcp4Options {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOSTNAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int INTERFACE_MTU = 26;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int NTP_SERVERS = 42;
    public static final int REQUESTED_IP = 50;
    public static final int LEASE_TIME = 51;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int CLIENT_ID = 61;
    public static final int CLASSLESS_ROUTES = 121;
    public static final int END = 255;

    /** A lease or timer of all ones: infinite. */
    public static final long INFINITE = 0xffffffffL;

    public static final Dhcp4Options NONE = new Dhcp4Options(Map.of());

    private final Map<Integer, Bytes> values;

    private Dhcp4Options(Map<Integer, Bytes> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A route of option 121: destination prefix and router (0.0.0.0 for a link route). */
    public record ClasslessRoute(Inet4Address destination, int prefixLength, Inet4Address router) {
        public ClasslessRoute {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    /** Every option's raw value by code, in order. */
    public Map<Integer, Bytes> values() {
        return values;
    }

    public Optional<byte[]> raw(int code) {
        return Optional.ofNullable(values.get(code)).map(Bytes::toByteArray);
    }

    public Optional<MessageType> messageType() {
        return raw(MESSAGE_TYPE).filter(v -> v.length == 1).flatMap(v -> MessageType.of(v[0] & 0xff));
    }

    public Optional<Inet4Address> serverId() {
        return address(SERVER_ID);
    }

    public Optional<Inet4Address> requestedIp() {
        return address(REQUESTED_IP);
    }

    /** The subnet mask as a prefix length; empty unless the mask is contiguous ones. */
    public Optional<Integer> prefixLength() {
        return address(SUBNET_MASK).flatMap(mask -> {
            int bits = ByteBuffer.wrap(mask.getAddress()).getInt();
            int length = Integer.bitCount(bits);
            return bits == (length == 0 ? 0 : -1 << (32 - length)) ? Optional.of(length) : Optional.empty();
        });
    }

    public List<Inet4Address> routers() {
        return addresses(ROUTER);
    }

    public List<Inet4Address> dnsServers() {
        return addresses(DNS_SERVERS);
    }

    public List<Inet4Address> ntpServers() {
        return addresses(NTP_SERVERS);
    }

    public Optional<String> hostname() {
        return text(HOSTNAME);
    }

    public Optional<String> domainName() {
        return text(DOMAIN_NAME);
    }

    public Optional<String> message() {
        return text(MESSAGE);
    }

    public Optional<Integer> mtu() {
        return raw(INTERFACE_MTU).filter(v -> v.length == 2).map(v -> ((v[0] & 0xff) << 8) | (v[1] & 0xff))
                .filter(m -> m >= 68);
    }

    /** Seconds, unsigned; {@link #INFINITE} is forever. */
    public Optional<Long> leaseTime() {
        return seconds(LEASE_TIME);
    }

    public Optional<Long> renewalTime() {
        return seconds(RENEWAL_TIME);
    }

    public Optional<Long> rebindingTime() {
        return seconds(REBINDING_TIME);
    }

    public List<Integer> parameterRequestList() {
        List<Integer> codes = new ArrayList<>();
        for (byte b : raw(PARAMETER_REQUEST_LIST).orElse(new byte[0])) {
            codes.add(b & 0xff);
        }
        return codes;
    }

    public Optional<byte[]> clientId() {
        return raw(CLIENT_ID).filter(v -> v.length >= 2);
    }

    /** Option 121 (RFC 3442); empty when absent or malformed as a whole, as the RFC asks a client to treat it. */
    public List<ClasslessRoute> classlessRoutes() {
        byte[] v = raw(CLASSLESS_ROUTES).orElse(new byte[0]);
        List<ClasslessRoute> routes = new ArrayList<>();
        int at = 0;
        while (at < v.length) {
            int width = v[at++] & 0xff;
            int significant = (width + 7) / 8;
            if (width > 32 || at + significant + 4 > v.length) {
                return List.of();
            }
            byte[] destination = new byte[4];
            System.arraycopy(v, at, destination, 0, significant);
            at += significant;
            byte[] router = new byte[4];
            System.arraycopy(v, at, router, 0, 4);
            at += 4;
            routes.add(new ClasslessRoute(inet4(destination), width, inet4(router)));
        }
        return routes;
    }

    /** The option area after the magic cookie: each option, then END. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        values.forEach((code, value) -> {
            byte[] bytes = value.toByteArray();
            int at = 0;
            do {
                int part = Math.min(255, bytes.length - at);
                out.write(code);
                out.write(part);
                out.write(bytes, at, part);
                at += part;
            } while (at < bytes.length);
        });
        out.write(END);
        return out.toByteArray();
    }

    /** Reads options up to END or the end of the data; refuses an option that runs past the data. */
    static Dhcp4Options decode(ByteBuffer data) {
        Map<Integer, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        while (data.hasRemaining()) {
            int code = data.get() & 0xff;
            if (code == PAD) {
                continue;
            }
            if (code == END) {
                break;
            }
            if (!data.hasRemaining()) {
                throw new MalformedPacketException("option " + code + " has no length");
            }
            int length = data.get() & 0xff;
            if (length > data.remaining()) {
                throw new MalformedPacketException("option " + code + " of " + length + " bytes runs past the message ("
                        + data.remaining() + " left)");
            }
            byte[] value = new byte[length];
            data.get(value);
            parts.computeIfAbsent(code, c -> new ByteArrayOutputStream()).writeBytes(value);
        }
        Map<Integer, Bytes> values = new LinkedHashMap<>();
        parts.forEach((code, bytes) -> values.put(code, Bytes.of(bytes.toByteArray())));
        return new Dhcp4Options(values);
    }

    private Optional<Inet4Address> address(int code) {
        return raw(code).filter(v -> v.length == 4).map(Dhcp4Options::inet4);
    }

    private List<Inet4Address> addresses(int code) {
        byte[] v = raw(code).orElse(new byte[0]);
        if (v.length % 4 != 0) {
            return List.of();
        }
        List<Inet4Address> result = new ArrayList<>();
        for (int at = 0; at < v.length; at += 4) {
            byte[] one = new byte[4];
            System.arraycopy(v, at, one, 0, 4);
            result.add(inet4(one));
        }
        return result;
    }

    /** A string option; servers sometimes end one with NULs, which are not part of it. */
    private Optional<String> text(int code) {
        return raw(code).map(v -> new String(v, StandardCharsets.US_ASCII).replaceAll("\u0000+$", ""))
                .filter(s -> !s.isEmpty());
    }

    private Optional<Long> seconds(int code) {
        return raw(code).filter(v -> v.length == 4).map(v -> ByteBuffer.wrap(v).getInt() & 0xffffffffL);
    }

    static Inet4Address inet4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A duration from option seconds; {@link #INFINITE} has none. */
    static Optional<Duration> duration(long seconds) {
        return seconds == INFINITE ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp4Options other && values.equals(other.values)
                && List.copyOf(values.keySet()).equals(List.copyOf(other.values.keySet()));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Options in the order they are put; putting a code again replaces its value in place. */
    public static final class Builder {
        private final Map<Integer, Bytes> values = new LinkedHashMap<>();

        public Builder put(int code, byte[] value) {
            if (code == PAD || code == END || code < 0 || code > 255) {
                throw new IllegalArgumentException("option code " + code + " cannot carry a value");
            }
            values.put(code, Bytes.of(value));
            return this;
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public Builder messageType(MessageType type) {
            return put(MESSAGE_TYPE, new byte[] {(byte) type.code()});
        }

        public Builder address(int code, Inet4Address address) {
            return put(code, address.getAddress());
        }

        public Builder addresses(int code, List<Inet4Address> addresses) {
            ByteBuffer buffer = ByteBuffer.allocate(addresses.size() * 4);
            addresses.forEach(a -> buffer.put(a.getAddress()));
            return put(code, buffer.array());
        }

        public Builder seconds(int code, long seconds) {
            return put(code, ByteBuffer.allocate(4).putInt((int) seconds).array());
        }

        public Builder prefixLength(int length) {
            return put(SUBNET_MASK, ByteBuffer.allocate(4).putInt(length == 0 ? 0 : -1 << (32 - length)).array());
        }

        public Builder text(int code, String value) {
            return put(code, value.getBytes(StandardCharsets.US_ASCII));
        }

        public Builder mtu(int mtu) {
            return put(INTERFACE_MTU, new byte[] {(byte) (mtu >> 8), (byte) mtu});
        }

        public Builder parameterRequestList(List<Integer> codes) {
            byte[] v = new byte[codes.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) codes.get(i).intValue();
            }
            return put(PARAMETER_REQUEST_LIST, v);
        }

        public Builder classlessRoutes(List<ClasslessRoute> routes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ClasslessRoute route : routes) {
                out.write(route.prefixLength());
                out.write(route.destination().getAddress(), 0, (route.prefixLength() + 7) / 8);
                out.writeBytes(route.router().getAddress());
            }
            return put(CLASSLESS_ROUTES, out.toByteArray());
        }

        public Dhcp4Options build() {
            return new Dhcp4Options(values);
        }
    }
}
