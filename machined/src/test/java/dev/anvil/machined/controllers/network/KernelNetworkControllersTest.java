package dev.anvil.machined.controllers.network;

import dev.anvil.machined.controllers.Controllers;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.RouteStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The network controllers against the real kernel, in a network namespace made for the test: config to specs to
 * links, addresses and routes, statuses from notifications, drift put back, removal from the config removed from the
 * kernel, and the cmdline layer.
 */
class KernelNetworkControllersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final KernelNetwork network = KernelNetwork.inNewNamespace();
    private RuntimeHarness node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private void start(CmdlineNetworking cmdline) {
        node = new RuntimeHarness(Controllers.containerMode("node", () -> MachineStatus.Stage.RUNNING, network,
                cmdline));
    }

    private static final String CONFIG = """
            version: v1alpha1
            machine:
              network:
                interfaces:
                  - interface: br0
                    bridge:
                      interfaces: [va]
                    mtu: 1400
                    addresses: [10.213.22.2/24]
                    routes:
                      - network: 10.213.99.0/24
                        gateway: 10.213.22.254
                        metric: 77
            ---
            apiVersion: v1alpha1
            kind: LinkConfig
            name: va
            """;

    @Test
    void config_reachesTheKernel_statusesFollow_driftIsRepaired_andRemovalRemoves() throws Exception {
        network.call(rt -> {
            rt.createVeth("va", "vb");
            return null;
        });
        start(CmdlineNetworking.NONE);
        node.config(CONFIG);
        InetAddress ip = InetAddress.getByName("10.213.22.2");
        await().atMost(WAIT).until(() -> kernelHas(ip));
        Link bridge = link("br0").orElseThrow();
        assertThat(bridge).extracting(Link::kind, Link::mtu, Link::up).containsExactly("bridge", 1400, true);
        assertThat(link("va").orElseThrow()).extracting(Link::master, Link::up).containsExactly(bridge.index(), true);
        await().atMost(WAIT).until(() -> network.call(rt -> rt.routes().stream().anyMatch(r ->
                r.priority() == 77 && r.prefixLength() == 24 && r.outputLink() == bridge.index())));

        AddressStatus status = node.awaitMatching(AddressStatus.KIND.pointer("br0/10.213.22.2/24"),
                AddressStatus.class, s -> true);
        assertThat(status.linkIndex()).isEqualTo(bridge.index());
        node.awaitMatching(RouteStatus.KIND.pointer("inet4/10.213.22.254/10.213.99.0/24/77"), RouteStatus.class,
                r -> r.outLinkName().equals("br0") && r.protocol() == RouteSpec.Protocol.STATIC);
        node.awaitMatching(LinkStatus.KIND.pointer("va"), LinkStatus.class,
                l -> l.slaveKind().equals("bridge") && l.veth() != null && l.veth().peerName().equals("vb"));
        node.awaitMatching(NodeAddress.KIND.pointer(NodeAddress.ACCUMULATIVE_ID), NodeAddress.class,
                n -> n.addresses().contains(NetIpPrefix.parse("10.213.22.2/24")));

        // drift: the address removed by hand shows in the status and is put back
        network.call(rt -> {
            rt.deleteAddress(bridge.index(), ip, 24);
            return null;
        });
        await().atMost(WAIT).until(() -> kernelHas(ip));
        // the kernel dropped the route through the gateway with the address: it is back too
        await().atMost(WAIT).until(() -> network.call(rt -> rt.routes().stream().anyMatch(r -> r.priority() == 77)));
        // and a route deleted by hand
        network.call(rt -> {
            rt.deleteRoute(rt.routes().stream().filter(r -> r.priority() == 77).findFirst().orElseThrow());
            return null;
        });
        await().atMost(WAIT).until(() -> network.call(rt -> rt.routes().stream().anyMatch(r -> r.priority() == 77)));

        // removed from the config: gone from the kernel, the bridge it created deleted, the veth left
        node.config("""
                version: v1alpha1
                machine: {}
                """);
        await().atMost(WAIT).until(() -> !kernelHas(ip) && link("br0").isEmpty());
        node.awaitAbsent(AddressStatus.KIND.pointer("br0/10.213.22.2/24"));
        assertThat(link("va")).isPresent();
        assertThat(link("va").orElseThrow().master()).isZero();
    }

    @Test
    void cmdlineIp_givesAnAddressAndADefaultRoute() throws Exception {
        network.call(rt -> {
            rt.createBridge("br1");
            return null;
        });
        start(CmdlineNetworking.parse(KernelCmdline.parse(
                "console=ttyS0 ip=10.213.23.5::10.213.23.1:255.255.255.0:cmdline-host:br1:off quiet")));
        InetAddress ip = InetAddress.getByName("10.213.23.5");
        await().atMost(WAIT).until(() -> kernelHas(ip));
        int index = link("br1").orElseThrow().index();
        InetAddress gateway = InetAddress.getByName("10.213.23.1");
        await().atMost(WAIT).until(() -> network.call(rt -> rt.routes()).stream().anyMatch(r ->
                r.prefixLength() == 0 && r.outputLink() == index && r.priority() == 1024
                        && gateway.equals(r.gateway())
                        && r.protocol() == Route.PROTOCOL_BOOT));
        assertThat(link("br1").orElseThrow().up()).isTrue();
    }

    private boolean kernelHas(InetAddress ip) throws InterruptedException {
        return network.call(rt -> rt.addresses().stream().map(Address::address).anyMatch(ip::equals));
    }

    private Optional<Link> link(String name) throws InterruptedException {
        return network.call(rt -> rt.link(name));
    }

}
