package dev.anvil.machined.network.dhcp4;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machined.network.dhcp4.Dhcp4Options.ClasslessRoute;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/** The DHCPv4 codec: RFC 2131/2132 layouts, round trips, and what malformed bytes do. */
class Dhcp4PacketTest {
    private static final Bytes MAC = Bytes.of(HexFormat.ofDelimiter(":").parseHex("52:54:00:12:34:56"));

    @Test
    void discover_isLaidOutAsRfc2131Says() {
        Dhcp4Options options = Dhcp4Options.builder().messageType(MessageType.DISCOVER)
                .parameterRequestList(List.of(1, 3, 6, 121)).build();
        byte[] bytes = Dhcp4Packet.request(0x01020304, 7, true, Dhcp4Packet.ZERO, MAC, options).encode();

        assertThat(bytes).hasSize(300);
        assertThat(Arrays.copyOfRange(bytes, 0, 12)).containsExactly(1, 1, 6, 0, 1, 2, 3, 4, 0, 7, 0x80, 0);
        assertThat(Arrays.copyOfRange(bytes, 28, 34)).containsExactly(0x52, 0x54, 0, 0x12, 0x34, 0x56);
        assertThat(Arrays.copyOfRange(bytes, 236, 240)).containsExactly(99, 130, 83, 99);
        assertThat(Arrays.copyOfRange(bytes, 240, 250)).containsExactly(53, 1, 1, 55, 4, 1, 3, 6, 121, 255);
    }

    @Test
    void typedOptions_readWhatServersSend() {
        Dhcp4Options options = Dhcp4Options.builder().messageType(MessageType.ACK)
                .address(Dhcp4Options.SERVER_ID, ip("10.0.0.1")).prefixLength(23)
                .addresses(Dhcp4Options.ROUTER, List.of(ip("10.0.0.1"), ip("10.0.0.2")))
                .addresses(Dhcp4Options.DNS_SERVERS, List.of(ip("9.9.9.9")))
                .addresses(Dhcp4Options.NTP_SERVERS, List.of(ip("10.0.0.123")))
                .seconds(Dhcp4Options.LEASE_TIME, 3600).seconds(Dhcp4Options.RENEWAL_TIME, 1800)
                .seconds(Dhcp4Options.REBINDING_TIME, Dhcp4Options.INFINITE)
                .put(Dhcp4Options.HOSTNAME, "node-1\0\0".getBytes()).text(Dhcp4Options.DOMAIN_NAME, "example.org")
                .mtu(1450).put(Dhcp4Options.CLIENT_ID, new byte[] {1, 2, 3}).build();
        Dhcp4Options read = roundTrip(options);

        assertThat(read.messageType()).contains(MessageType.ACK);
        assertThat(read.serverId()).contains(ip("10.0.0.1"));
        assertThat(read.prefixLength()).contains(23);
        assertThat(read.routers()).containsExactly(ip("10.0.0.1"), ip("10.0.0.2"));
        assertThat(read.dnsServers()).containsExactly(ip("9.9.9.9"));
        assertThat(read.ntpServers()).containsExactly(ip("10.0.0.123"));
        assertThat(read.leaseTime()).contains(3600L);
        assertThat(read.renewalTime()).contains(1800L);
        assertThat(read.rebindingTime()).contains(Dhcp4Options.INFINITE);
        assertThat(read.hostname()).as("trailing NULs are not part of the name").contains("node-1");
        assertThat(read.domainName()).contains("example.org");
        assertThat(read.mtu()).contains(1450);
        assertThat(read.clientId()).hasValueSatisfying(id -> assertThat(id).containsExactly(1, 2, 3));
    }

    @Test
    void oddOptions_readAsAbsent_notAsFailures() {
        Dhcp4Options read = roundTrip(Dhcp4Options.builder().put(Dhcp4Options.SUBNET_MASK, new byte[] {-1, 0, -1, 0})
                .put(Dhcp4Options.ROUTER, new byte[] {10, 0, 0}).put(Dhcp4Options.LEASE_TIME, new byte[] {1})
                .put(Dhcp4Options.MESSAGE_TYPE, new byte[] {42}).put(Dhcp4Options.INTERFACE_MTU, new byte[] {0, 10})
                .put(Dhcp4Options.CLASSLESS_ROUTES, new byte[] {33, 1, 2, 3, 4, 5, 6, 7, 8}).build());

        assertThat(read.prefixLength()).as("a mask with holes").isEmpty();
        assertThat(read.routers()).isEmpty();
        assertThat(read.leaseTime()).isEmpty();
        assertThat(read.messageType()).isEmpty();
        assertThat(read.mtu()).as("below IPv4's minimum").isEmpty();
        assertThat(read.classlessRoutes()).isEmpty();
    }

    @Test
    void classlessRoutes_useRfc3442sCompactDestinations() {
        List<ClasslessRoute> routes = List.of(new ClasslessRoute(ip("0.0.0.0"), 0, ip("10.0.0.1")),
                new ClasslessRoute(ip("10.17.0.0"), 16, ip("10.0.0.2")),
                new ClasslessRoute(ip("192.168.5.128"), 25, ip("0.0.0.0")));
        Dhcp4Options options = Dhcp4Options.builder().classlessRoutes(routes).build();

        assertThat(options.raw(Dhcp4Options.CLASSLESS_ROUTES).orElseThrow()).containsExactly(
                0, 10, 0, 0, 1,
                16, 10, 17, 10, 0, 0, 2,
                25, 192, 168, 5, 128, 0, 0, 0, 0);
        assertThat(roundTrip(options).classlessRoutes()).isEqualTo(routes);
    }

    @Test
    void longOption_isSplitOnTheWire_andJoinedOnRead() {
        byte[] value = new byte[600];
        new Random(1).nextBytes(value);
        Dhcp4Options options = Dhcp4Options.builder().put(77, value).build();
        byte[] wire = Dhcp4Packet.request(1, 0, false, Dhcp4Packet.ZERO, MAC, options).encode();

        assertThat(wire[240] & 0xff).isEqualTo(77);
        assertThat(wire[241] & 0xff).isEqualTo(255);
        assertThat(wire[240 + 257] & 0xff).isEqualTo(77);
        assertThat(Dhcp4Packet.decode(wire).options().raw(77).orElseThrow()).isEqualTo(value);
    }

    @Test
    void malformed_isRefusedWithTheReason() {
        byte[] good = Dhcp4Packet.request(1, 0, false, Dhcp4Packet.ZERO, MAC,
                Dhcp4Options.builder().messageType(MessageType.DISCOVER).build()).encode();

        assertThatThrownBy(() -> Dhcp4Packet.decode(new byte[100])).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("at least 240 bytes");
        assertThatThrownBy(() -> Dhcp4Packet.decode(with(good, 236, 0))).hasMessageContaining("magic cookie");
        assertThatThrownBy(() -> Dhcp4Packet.decode(with(good, 2, 17))).hasMessageContaining("at most 16");
        assertThatThrownBy(() -> Dhcp4Packet.decode(with(good, 0, 3))).hasMessageContaining("op 3");
        byte[] overrun = with(with(good, 240, 12), 241, 200);
        assertThatThrownBy(() -> Dhcp4Packet.decode(Arrays.copyOf(overrun, 250)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("option 12 of 200 bytes");
        assertThatThrownBy(() -> Dhcp4Packet.decode(Arrays.copyOf(with(good, 240, 12), 241)))
                .hasMessageContaining("option 12 has no length");
    }

    @Test
    void roundTrip_anyPacket_decodesToItself() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Dhcp4Packet packet = randomPacket(new Random(seed));
            assertThat(Dhcp4Packet.decode(packet.encode())).isEqualTo(packet);
        });
    }

    @Test
    void decode_ofAnyBytes_isAPacketOrMalformed() {
        qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = random.nextBoolean() ? randomPacket(random).encode() : new byte[240 + random.nextInt(200)];
            if (random.nextBoolean()) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            for (int flips = random.nextInt(8); flips > 0 && bytes.length > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Throwable failure = catchThrowable(decodeOf(bytes));
            assertThat(failure).satisfiesAnyOf(f -> assertThat(f).isNull(),
                    f -> assertThat(f).isInstanceOf(MalformedPacketException.class));
        });
    }

    private static org.assertj.core.api.ThrowableAssert.ThrowingCallable decodeOf(byte[] bytes) {
        return () -> {
            Dhcp4Packet p = Dhcp4Packet.decode(bytes);
            p.options().classlessRoutes();
            p.options().prefixLength();
            p.options().routers();
            p.options().hostname();
        };
    }

    private static Dhcp4Packet randomPacket(Random random) {
        Dhcp4Options.Builder options = Dhcp4Options.builder();
        for (int n = random.nextInt(12); n > 0; n--) {
            byte[] value = new byte[random.nextInt(10) == 0 ? random.nextInt(700) : random.nextInt(20)];
            random.nextBytes(value);
            options.put(1 + random.nextInt(254), value);
        }
        byte[] chaddr = new byte[random.nextInt(17)];
        random.nextBytes(chaddr);
        return new Dhcp4Packet(1 + random.nextInt(2), random.nextInt(256), random.nextInt(256), random.nextInt(),
                random.nextInt(0x10000), random.nextBoolean(), randomIp(random), randomIp(random), randomIp(random),
                randomIp(random), Bytes.of(chaddr), options.build());
    }

    private static Inet4Address randomIp(Random random) {
        return Dhcp4Options.inet4(ByteBuffer.allocate(4).putInt(random.nextInt()).array());
    }

    private static Dhcp4Options roundTrip(Dhcp4Options options) {
        return Dhcp4Packet.decode(Dhcp4Packet.request(9, 0, false, Dhcp4Packet.ZERO, MAC, options).encode())
                .options();
    }

    private static byte[] with(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    static Inet4Address ip(String text) {
        byte[] bytes = new byte[4];
        String[] parts = text.split("\\.");
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Dhcp4Options.inet4(bytes);
    }
}
