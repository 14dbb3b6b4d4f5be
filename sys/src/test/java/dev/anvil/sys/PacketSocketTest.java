package dev.anvil.sys;

import dev.anvil.sys.netlink.RtNetlink;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Captures on the loopback link of a network namespace only the test's thread enters. */
class PacketSocketTest {
    private static final int PORT = 40123;

    /** "ip and udp and dst port 40123" for Ethernet-framed links, as tcpdump -dd would compile it (no IP options). */
    private static final List<PacketSocket.Instruction> UDP_TO_PORT = List.of(
            new PacketSocket.Instruction(0x28, 0, 0, 12),
            new PacketSocket.Instruction(0x15, 0, 5, 0x0800),
            new PacketSocket.Instruction(0x30, 0, 0, 23),
            new PacketSocket.Instruction(0x15, 0, 3, 17),
            new PacketSocket.Instruction(0x28, 0, 0, 36),
            new PacketSocket.Instruction(0x15, 0, 1, PORT),
            new PacketSocket.Instruction(0x06, 0, 0, 0xffff),
            new PacketSocket.Instruction(0x06, 0, 0, 0));

    @Test
    void receive_withAFilter_getsOnlyTheFramesTheProgramAccepts_cutToTheSnapLength() throws Exception {
        List<String> payloads = ThreadNamespacesTest.inNamespace(Namespaces.CLONE_NEWNET, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.setUp("lo", true);
            }
            List<String> seen = new ArrayList<>();
            try (PacketSocket capture = PacketSocket.open("lo", false, 64, UDP_TO_PORT);
                    DatagramSocket udp = new DatagramSocket()) {
                InetAddress loopback = InetAddress.getByName("127.0.0.1");
                byte[] other = "to another port".getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(other, other.length, loopback, PORT + 1));
                byte[] wanted = ("to the port" + "!".repeat(100)).getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(wanted, wanted.length, loopback, PORT));
                for (int empty = 0; empty < 3; ) {
                    var frame = capture.receive();
                    if (frame.isEmpty()) {
                        empty++;
                        continue;
                    }
                    // 14 bytes of Ethernet header, 20 of IP, 8 of UDP, then the payload, cut at 64 bytes
                    assertThat(frame.get().data()).hasSize(64);
                    assertThat(frame.get().length()).isEqualTo(14 + 20 + 8 + wanted.length);
                    seen.add(new String(frame.get().data(), 42, 22, StandardCharsets.US_ASCII));
                }
            }
            return seen;
        });
        // loopback shows each frame twice: going out and coming in
        assertThat(payloads).isNotEmpty().allMatch(p -> p.equals("to the port!!!!!!!!!!!"));
    }

    @Test
    void open_anUnknownLink_fails() throws Exception {
        ThreadNamespacesTest.inNamespace(Namespaces.CLONE_NEWNET, () -> {
            assertThatThrownBy(() -> PacketSocket.open("nosuch0", false, 100, List.of()))
                    .isInstanceOf(SyscallException.class).hasMessageContaining("nosuch0");
            return null;
        });
    }
}
