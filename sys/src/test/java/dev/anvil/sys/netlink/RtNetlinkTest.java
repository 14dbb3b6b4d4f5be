package dev.anvil.sys.netlink;

import dev.anvil.sys.SyscallException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** rtnetlink against the real kernel, in a network namespace that only the test's thread enters. */
class RtNetlinkTest {

    @Test
    void links_createConfigureAndDelete() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                assertThat(rt.links()).extracting(Link::name).containsExactly("lo");
                rt.setUp("lo", true);
                assertThat(rt.link("lo").orElseThrow().up()).isTrue();

                rt.createBridge("br0");
                rt.setMtu("br0", 1400);
                rt.setUp("br0", true);
                Link bridge = rt.link("br0").orElseThrow();
                assertThat(bridge.kind()).isEqualTo("bridge");
                assertThat(bridge.mtu()).isEqualTo(1400);
                assertThat(bridge.up()).isTrue();
                assertThat(bridge.hardwareAddress()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");

                assertThatThrownBy(() -> rt.createBridge("br0"))
                        .isInstanceOfSatisfying(SyscallException.class, e -> {
                            assertThat(e.errno()).isEqualTo(17);
                            assertThat(e.getMessage()).contains("create bridge br0").contains("File exists");
                        });

                rt.setUp("br0", false);
                assertThat(rt.link("br0").orElseThrow().up()).isFalse();
                rt.deleteLink("br0");
                assertThat(rt.link("br0")).isEmpty();
            }
            return null;
        });
    }

    @Test
    void bridgeAndVeth_enslaveOneEnd() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createBridge("br-test");
                rt.createVeth("veth-a", "veth-b");
                rt.setMaster("veth-a", "br-test");
                Link bridge = rt.link("br-test").orElseThrow();
                assertThat(bridge.kind()).isEqualTo("bridge");
                assertThat(rt.link("veth-a").orElseThrow().master()).isEqualTo(bridge.index());
                assertThat(rt.link("veth-b").orElseThrow().kind()).isEqualTo("veth");
                rt.rename("veth-b", "eth0");
                assertThat(rt.link("eth0").orElseThrow().kind()).isEqualTo("veth");
                rt.deleteLink("veth-a");
                assertThat(rt.link("eth0")).as("deleting one end of a pair deletes both").isEmpty();
            }
            return null;
        });
    }

    @Test
    void addressesAndRoutes() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.createBridge("br0");
                rt.setUp("br0", true);
                int index = rt.link("br0").orElseThrow().index();
                InetAddress ip = InetAddress.getByName("10.9.0.1");
                rt.addAddress("br0", ip, 24);
                assertThat(rt.addresses()).filteredOn(a -> a.is(index, ip, 24)).singleElement().satisfies(a -> {
                    assertThat(a.scope()).isZero();
                    assertThat(a.flags() & Address.IFA_F_PERMANENT).isNotZero();
                    assertThat(a.broadcast()).isEqualTo(InetAddress.getByName("10.9.0.255"));
                });
                assertThat(rt.routes()).anySatisfy(r -> {
                    assertThat(r.destination()).isEqualTo(InetAddress.getByName("10.9.0.0"));
                    assertThat(r.prefixLength()).isEqualTo(24);
                    assertThat(r.outputLink()).isEqualTo(index);
                });

                Route viaGateway = Route.of(InetAddress.getByName("192.168.50.0"), 24,
                        InetAddress.getByName("10.9.0.254"), index, 1024);
                rt.addRoute(viaGateway);
                assertThat(rt.routes()).contains(viaGateway);
                assertThatThrownBy(() -> rt.addRoute(viaGateway))
                        .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(17));
                rt.deleteRoute(viaGateway);
                assertThat(rt.routes()).doesNotContain(viaGateway);
                assertThatThrownBy(() -> rt.deleteRoute(viaGateway))
                        .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(3));

                InetAddress v6 = InetAddress.getByName("fd00::5");
                rt.addAddress("br0", v6, 64);
                assertThat(rt.addresses()).extracting(Address::address).contains(v6);

                rt.deleteAddress("br0", ip, 24);
                assertThat(rt.addresses()).extracting(Address::address).doesNotContain(ip);
                assertThatThrownBy(() -> rt.addAddress("nope0", ip, 24)).hasMessageContaining("no link named nope0");
                assertThatThrownBy(() -> rt.createDummy("a-name-longer-than-15"))
                        .hasMessageContaining("1 to 15 characters");
            }
            return null;
        });
    }

    @Test
    void dummyLinks_whereTheKernelHasThem() throws Exception {
        ThrowawayNamespace.run(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                try {
                    rt.createDummy("dummy0");
                } catch (SyscallException e) {
                    assumeTrue(e.errno() != 95, "this kernel has no dummy link driver: " + e.getMessage());
                    throw e;
                }
                assertThat(rt.link("dummy0").orElseThrow().kind()).isEqualTo("dummy");
            }
            return null;
        });
    }
}
