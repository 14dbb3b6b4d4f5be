package dev.anvil.machined.controllers.network;

import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernel command line's ip= as Talos reads it. */
class CmdlineNetworkingTest {

    private static CmdlineNetworking parse(String cmdline) {
        return CmdlineNetworking.parse(KernelCmdline.parse(cmdline));
    }

    @Test
    void fullForm_givesLinkAddressGatewayRouteAndServers() {
        CmdlineNetworking n = parse("ip=172.20.0.2::172.20.0.1:255.255.255.0:node1:eth1:off:1.1.1.1:8.8.8.8:10.0.0.9");
        assertThat(n.links()).extracting(l -> l.name(), l -> l.up(), l -> l.layer())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth1", true, ConfigLayer.CMDLINE));
        assertThat(n.addresses()).containsExactly(AddressSpec.permanent("eth1", NetIpPrefix.parse("172.20.0.2/24"), 0,
                ConfigLayer.CMDLINE));
        assertThat(n.routes()).singleElement().satisfies(r -> {
            assertThat(r.gateway()).isEqualTo(NetIp.parse("172.20.0.1"));
            assertThat(r.destination()).isNull();
            assertThat(r.priority()).isEqualTo(1024);
            assertThat(r.protocol()).isEqualTo(RouteSpec.Protocol.BOOT);
            assertThat(r.id()).isEqualTo("inet4/172.20.0.1//1024");
        });
        assertThat(n.hostname()).isEqualTo("node1");
        assertThat(n.dnsServers()).containsExactly(NetIp.parse("1.1.1.1"), NetIp.parse("8.8.8.8"));
        assertThat(n.ntpServers()).containsExactly(NetIp.parse("10.0.0.9"));
    }

    @Test
    void gatewayOutsideThePrefix_getsALinkRoute_andPrefixLengthsAndBracketsWork() {
        CmdlineNetworking n = parse("ip=10.0.0.5::10.1.0.1:24::eth0 ip=[fd00::5]::[fd00::1]:64::eth1");
        assertThat(n.routes()).extracting(RouteSpec::id).containsExactly("inet4/10.1.0.1//1024",
                "inet4//10.1.0.1/32/1024", "eth1/inet6/fd00::1//1025");
        assertThat(n.routes().get(1).scope()).isEqualTo(Scope.LINK);
        assertThat(n.routes().get(1).source()).isEqualTo(NetIp.parse("10.0.0.5"));
        assertThat(n.addresses()).extracting(AddressSpec::id).containsExactly("eth0/10.0.0.5/24", "eth1/fd00::5/64");
    }

    @Test
    void dhcpForms_andMissingDevice() {
        assertThat(parse("ip=dhcp").links()).isEmpty();
        assertThat(parse("ip=eth3:dhcp").links()).extracting(l -> l.name()).containsExactly("eth3");
        assertThatThrownBy(() -> parse("ip=10.0.0.5::10.0.0.1:24")).hasMessageContaining("no device");
        assertThat(KernelCmdline.parse("a=\"x y\" ip=1 ip=2").all("ip")).containsExactly("1", "2");
        assertThat(KernelCmdline.parse("a=\"x y\"").all("a")).containsExactly("x y");
    }
}
