package dev.anvil.machined.network.dhcp4;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.RtNetlink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.anvil.machined.network.dhcp4.Dhcp4PacketTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client against a real dnsmasq over a veth pair: the server end in a named namespace of the test's, the client
 * end in a namespace only the client's thread is in. Time runs fast (see {@link FastForward}), so renewal, rebinding
 * and expiry of dnsmasq's shortest lease (2 minutes) take seconds; the listener puts the leased address on the link
 * as the address controllers would, which renewing by unicast needs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Dhcp4ClientTest {
    private static final String NETNS = "anvil-dhcp4-" + ProcessHandle.current().pid();
    private static final List<String> OPTIONS = List.of("option:router,10.213.24.129",
            "option:dns-server,10.213.24.129", "option:ntp-server,10.213.24.129", "option:domain-name,dhcp.test");

    @TempDir
    Path dir;

    private final BlockingQueue<Optional<Lease>> events = new LinkedBlockingQueue<>();
    private Dhcp4Client client;
    private Thread clientThread;
    private DnsmasqServer server;
    private final CompletableFuture<Bytes> mac = new CompletableFuture<>();

    @BeforeEach
    void serverNamespace() throws Exception {
        DnsmasqServer.ip("netns", "add", NETNS);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (client != null) {
                client.stop(false);
                clientThread.join(10_000);
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                DnsmasqServer.ip("netns", "del", NETNS);
            }
        }
    }

    @Test
    void lease_isRenewedAtT1_lostAtExpiry_regained_refusedByNak_andReleased() throws Exception {
        startClient(() -> startServer("10.213.24.150", "10.213.24.169"));

        Lease first = next();
        assertThat(first.address().getHostAddress()).startsWith("10.213.24.1");
        assertThat(first.prefixLength()).isEqualTo(25);
        assertThat(first.server()).isEqualTo(ip("10.213.24.129"));
        assertThat(first.duration()).contains(Duration.ofMinutes(2));
        assertThat(first.ack().options().routers()).containsExactly(ip("10.213.24.129"));
        assertThat(first.ack().options().dnsServers()).containsExactly(ip("10.213.24.129"));
        assertThat(first.ack().options().ntpServers()).containsExactly(ip("10.213.24.129"));
        assertThat(first.ack().options().domainName()).contains("dhcp.test");
        String macText = HexFormat.ofDelimiter(":").formatHex(mac.get().toByteArray());
        assertThat(server.leases()).anySatisfy(l -> assertThat(l).contains(macText)
                .contains(first.address().getHostAddress()));

        Lease renewed = next();
        assertThat(renewed.address()).isEqualTo(first.address());
        assertThat(renewed.start()).isAfterOrEqualTo(first.renewAt().orElseThrow());
        assertThat(server.log()).contains("DHCPREQUEST(ds0) " + first.address().getHostAddress() + " " + macText);

        server.close();
        assertThat(events.poll(60, TimeUnit.SECONDS)).as("the lease expires with no server").isEmpty();
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.state() == Dhcp4Client.State.SELECTING);

        startServer("10.213.24.150", "10.213.24.169");
        Lease again = next();
        assertThat(again.address().getHostAddress()).startsWith("10.213.24.1");

        server.close();
        startServer("10.213.24.200", "10.213.24.219");
        assertThat(events.poll(60, TimeUnit.SECONDS)).as("the new range's server refuses the renewal").isEmpty();
        Lease moved = next();
        assertThat(moved.address().getHostAddress()).startsWith("10.213.24.2");
        assertThat(server.log()).contains("DHCPNAK(ds0) " + again.address().getHostAddress());

        client.stop(true);
        clientThread.join(10_000);
        assertThat(events.poll(5, TimeUnit.SECONDS)).as("released").isEmpty();
        // dnsmasq's log and lease file are written after it got the message
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.log().contains("DHCPRELEASE(ds0) "
                + moved.address().getHostAddress()) && server.leases().stream()
                .noneMatch(l -> l.contains(moved.address().getHostAddress())));
        assertThat(client.state()).isEqualTo(Dhcp4Client.State.STOPPED);
    }

    @Test
    void decline_tellsTheServer_andGetsAnotherAddress() throws Exception {
        startClient(() -> startServer("10.213.24.150", "10.213.24.169"));
        Lease first = next();

        client.decline();
        assertThat(events.poll(30, TimeUnit.SECONDS)).isEmpty();
        Lease second = next();
        assertThat(second.address()).isNotEqualTo(first.address());
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.log().contains("DHCPDECLINE(ds0) "
                + first.address().getHostAddress()));
    }

    private Lease next() throws InterruptedException {
        Optional<Lease> event = events.poll(60, TimeUnit.SECONDS);
        assertThat(event).as("a lease event in time; dnsmasq said:%n%s", server == null ? "" : server.log())
                .isNotNull();
        return event.orElseThrow(() -> new AssertionError("lease lost, not bound"));
    }

    private void startServer(String from, String to) throws Exception {
        server = DnsmasqServer.start(dir, NETNS, "ds0", from, to, "255.255.255.128", Duration.ofMinutes(2), OPTIONS,
                List.of());
    }

    /** The client's thread: a network namespace of its own with the client end of the pair, then the client. */
    private void startClient(Step serverStart) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        clientThread = Thread.ofPlatform().name("dhcp4 client").start(() -> {
            try {
                Namespaces.unshare(Namespaces.CLONE_NEWNET);
                try (RtNetlink rt = RtNetlink.open()) {
                    rt.createVeth("dc0", "ds0");
                    DnsmasqServer.ip("link", "set", "ds0", "netns", NETNS);
                    rt.setUp("dc0", true);
                    mac.complete(Bytes.of(HexFormat.ofDelimiter(":").parseHex(rt.link("dc0").orElseThrow()
                            .hardwareAddress())));
                }
                DnsmasqServer.ip("-n", NETNS, "addr", "add", "10.213.24.129/25", "dev", "ds0");
                DnsmasqServer.ip("-n", NETNS, "link", "set", "ds0", "up");
                serverStart.run();
                try (LinkTransport transport = LinkTransport.open("dc0")) {
                    FastForward time = new FastForward(transport, Duration.ofSeconds(2));
                    client = new Dhcp4Client(time, new Dhcp4Client.Settings("dc0", mac.get(), Optional.empty(),
                            true, true), time, new Random(7), this::onLease);
                    ready.complete(null);
                    client.run();
                }
            } catch (Throwable t) {
                ready.completeExceptionally(t);
            }
        });
        ready.get(60, TimeUnit.SECONDS);
    }

    interface Step {
        void run() throws Exception;
    }

    /** On the client's thread, in its namespace: the address goes on the link or off it, as the lease says. */
    private void onLease(Optional<Lease> lease) {
        try (RtNetlink rt = RtNetlink.open()) {
            int index = rt.link("dc0").orElseThrow().index();
            for (Address a : rt.addresses()) {
                if (a.linkIndex() == index && a.address().getAddress().length == 4
                        && lease.map(l -> !l.address().equals(a.address())).orElse(true)) {
                    rt.deleteAddress("dc0", a.address(), a.prefixLength());
                }
            }
            if (lease.isPresent() && rt.addresses().stream().noneMatch(a -> a.address().equals(lease.get().address()))) {
                rt.addAddress("dc0", lease.get().address(), lease.get().prefixLength());
            }
        }
        events.add(lease);
    }
}
