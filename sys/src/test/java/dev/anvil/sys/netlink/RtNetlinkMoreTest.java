package dev.anvil.sys.netlink;

import dev.anvil.sys.SyscallException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * rtnetlink beyond the basics, against the real kernel in a throwaway network namespace: route attributes (table,
 * source, MTU, scope, protocol), address flags and priority, link flags, neighbours, VLAN and bond links where the
 * kernel has them, and notifications.
 */
class RtNetlinkMoreTest {
    private static final int EOPNOTSUPP = 95;

    @Test
    void routes_carryTableSourceMtuScopeAndProtocol() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createBridge("br0");
                rt.setUp("br0", true);
                int index = rt.link("br0").orElseThrow().index();
                InetAddress ip = InetAddress.getByName("10.9.1.1");
                rt.addAddress(new Address(index, ip, 24, 0, 0, 50, null, null));
                assertThat(rt.addresses()).filteredOn(a -> a.is(index, ip, 24)).singleElement()
                        .extracting(Address::priority).isEqualTo(50);
                assertThat(rt.routes()).as("the prefix route takes the address's priority")
                        .anySatisfy(r -> assertThat(r).extracting(Route::prefixLength, Route::priority, Route::scope)
                                .containsExactly(24, 50, Route.SCOPE_LINK));

                Route route = new Route(Route.AF_INET, InetAddress.getByName("172.31.0.0"), 16, ip,
                        InetAddress.getByName("10.9.1.254"), index, 1000, 77, Route.SCOPE_UNIVERSE,
                        Route.TYPE_UNICAST, Route.PROTOCOL_BOOT, 0, 1400);
                rt.addRoute(route);
                assertThat(rt.routes()).contains(route);
                Route defaultRoute = Route.of(null, 0, InetAddress.getByName("10.9.1.254"), index, 1024);
                rt.addRoute(defaultRoute);
                assertThat(rt.routes()).contains(defaultRoute);
                rt.deleteRoute(route);
                assertThat(rt.routes()).doesNotContain(route).contains(defaultRoute);
            }
            return null;
        });
    }

    @Test
    void linkFlags_andNeighbours() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createVeth("va", "vb");
                Link va = rt.link("va").orElseThrow();
                Link vb = rt.link("vb").orElseThrow();
                assertThat(va.kind()).isEqualTo("veth");
                assertThat(va.linkIndex()).as("a veth's IFLA_LINK is its peer").isEqualTo(vb.index());
                assertThat(va.type()).isEqualTo(Link.ARPHRD_ETHER);
                rt.setFlag(va.index(), Link.IFF_MULTICAST, false, "multicast off");
                assertThat(rt.link("va").orElseThrow().flags() & Link.IFF_MULTICAST).isZero();
                rt.setUp(va.index(), true);
                rt.setUp(vb.index(), true);
                rt.addAddress("va", InetAddress.getByName("10.9.2.1"), 24);
                assertThat(rt.neighbours()).allSatisfy(n -> assertThat(n.linkIndex()).isPositive());

                rt.createBridge("brx");
                rt.setMaster("vb", "brx");
                Link enslaved = rt.link("vb").orElseThrow();
                assertThat(enslaved.slaveKind()).isEqualTo("bridge");
                assertThat(enslaved.master()).isEqualTo(rt.link("brx").orElseThrow().index());
                rt.setMaster(enslaved.index(), 0);
                assertThat(rt.link("vb").orElseThrow().master()).isZero();
            }
            return null;
        });
    }

    @Test
    void vlanOnAVeth_whereTheKernelHasVlans() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createVeth("vp", "vq");
                int parent = rt.link("vp").orElseThrow().index();
                supported(() -> rt.createVlan("vp.10", parent, 10, RtNetlink.VLAN_8021Q), "VLAN (8021q)");
                Link vlan = rt.link("vp.10").orElseThrow();
                assertThat(vlan).extracting(Link::kind, Link::vlanId, Link::vlanProtocol, Link::linkIndex)
                        .containsExactly("vlan", 10, RtNetlink.VLAN_8021Q, parent);
            }
            return null;
        });
    }

    @Test
    void bond_whereTheKernelHasBonding() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                supported(() -> rt.createBond("bond0", 1, 100), "bonding");
                rt.createVeth("vm", "vn");
                rt.setMaster("vm", "bond0");
                assertThat(rt.link("bond0").orElseThrow()).extracting(Link::kind, Link::bondMode)
                        .containsExactly("bond", 1);
                assertThat(rt.link("vm").orElseThrow().slaveKind()).isEqualTo("bond");
            }
            return null;
        });
    }

    @Test
    void watch_seesLinkAddressAndRouteChanges() throws Exception {
        ThrowawayNamespace.run(() -> {
            BlockingQueue<RtNetlinkWatch.Change> changes = new LinkedBlockingQueue<>();
            try (RtNetlinkWatch watch = RtNetlinkWatch.open(RtNetlinkWatch.LINK | RtNetlinkWatch.ADDRESSES
                    | RtNetlinkWatch.ROUTES, changes::add);
                 RtNetlink rt = RtNetlink.open()) {
                rt.createBridge("brw");
                assertThat(next(changes)).matches(RtNetlinkWatch.Change::link);
                rt.setUp("brw", true);
                InetAddress ip = InetAddress.getByName("10.9.3.1");
                rt.addAddress("brw", ip, 24);
                rt.deleteAddress("brw", ip, 24);
                List<RtNetlinkWatch.Change> seen = drain(changes);
                assertThat(seen).anyMatch(c -> c.address() && c.messageType() == 20)
                        .anyMatch(c -> c.address() && c.messageType() == 21)
                        .anyMatch(RtNetlinkWatch.Change::route);
            }
            return null;
        });
    }

    private static RtNetlinkWatch.Change next(BlockingQueue<RtNetlinkWatch.Change> changes) throws Exception {
        RtNetlinkWatch.Change change = changes.poll(5, TimeUnit.SECONDS);
        assertThat(change).as("a notification within 5 s").isNotNull();
        return change;
    }

    private static List<RtNetlinkWatch.Change> drain(BlockingQueue<RtNetlinkWatch.Change> changes)
            throws Exception {
        List<RtNetlinkWatch.Change> all = new java.util.ArrayList<>();
        RtNetlinkWatch.Change change;
        while ((change = changes.poll(500, TimeUnit.MILLISECONDS)) != null) {
            all.add(change);
        }
        return all;
    }

    /** Runs a creation; skips the test with a message when the kernel has no such link type. */
    static void supported(Runnable create, String what) {
        try {
            create.run();
        } catch (SyscallException e) {
            assumeTrue(e.errno() != EOPNOTSUPP, "this kernel has no " + what + " links (and no module loaded): "
                    + e.getMessage());
            throw e;
        }
    }
}
