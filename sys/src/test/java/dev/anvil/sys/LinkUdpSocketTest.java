package dev.anvil.sys;

import dev.anvil.sys.netlink.RtNetlink;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Link-bound UDP over a veth pair without any address, in a network namespace only the test's thread enters: the
 * DHCP situation, a client at 0.0.0.0 and broadcasts both ways.
 */
class LinkUdpSocketTest {

    @Test
    void broadcast_withoutAddresses_crossesTheLinkBothWays() throws Exception {
        ThreadNamespacesTest.inNamespace(Namespaces.CLONE_NEWNET, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createVeth("cl0", "sv0");
                rt.setUp("cl0", true);
                rt.setUp("sv0", true);
            }
            Inet4Address broadcast = (Inet4Address) InetAddress.getByName("255.255.255.255");
            try (LinkUdpSocket client = LinkUdpSocket.open("cl0", 68);
                    LinkUdpSocket server = LinkUdpSocket.open("sv0", 67)) {
                LinkUdpSocket.Datagram got = exchange(client, server, "discover", broadcast, 67);
                assertThat(new String(got.data(), StandardCharsets.US_ASCII)).isEqualTo("discover");
                assertThat(got.source().getHostAddress()).isEqualTo("0.0.0.0");
                assertThat(got.sourcePort()).isEqualTo(68);

                assertThat(new String(exchange(server, client, "offer", broadcast, 68).data(),
                        StandardCharsets.US_ASCII)).isEqualTo("offer");
                while (client.receive(Duration.ofMillis(50)).isPresent()) {
                    // copies of the offer sent while the link came up
                }
                assertThat(client.link()).isEqualTo("cl0");
            }
            return null;
        });
    }

    /**
     * Sends until the other end receives: a veth pair just set up may drop what is sent before its carrier is up.
     */
    private static LinkUdpSocket.Datagram exchange(LinkUdpSocket from, LinkUdpSocket to, String message,
            Inet4Address destination, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            from.send(message.getBytes(StandardCharsets.US_ASCII), destination, port);
            Optional<LinkUdpSocket.Datagram> got = to.receive(Duration.ofMillis(250));
            if (got.isPresent()) {
                return got.get();
            }
        }
        throw new AssertionError(message + " never crossed the link");
    }

    @Test
    void wakeup_endsABlockedReceive() throws Exception {
        ThreadNamespacesTest.inNamespace(Namespaces.CLONE_NEWNET, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createBridge("dm0");
                rt.setUp("dm0", true);
            }
            try (LinkUdpSocket socket = LinkUdpSocket.open("dm0", 68)) {
                CountDownLatch receiving = new CountDownLatch(1);
                AtomicReference<Optional<LinkUdpSocket.Datagram>> result = new AtomicReference<>();
                Thread receiver = Thread.ofPlatform().start(() -> {
                    receiving.countDown();
                    result.set(socket.receive(Duration.ofMinutes(5)));
                });
                receiving.await();
                Thread.sleep(50);
                socket.wakeup();
                receiver.join(Duration.ofSeconds(10));
                assertThat(receiver.isAlive()).isFalse();
                assertThat(result.get()).isEmpty();
            }
            return null;
        });
    }

    @Test
    void open_onMissingLink_namesTheLink() throws Exception {
        ThreadNamespacesTest.inNamespace(Namespaces.CLONE_NEWNET, () -> {
            assertThatThrownBy(() -> LinkUdpSocket.open("nosuch0", 68))
                    .isInstanceOfSatisfying(SyscallException.class, e -> {
                        assertThat(e.errno()).isEqualTo(19);
                        assertThat(e.getMessage()).contains("SO_BINDTODEVICE").contains("nosuch0");
                    });
            return null;
        });
    }
}
