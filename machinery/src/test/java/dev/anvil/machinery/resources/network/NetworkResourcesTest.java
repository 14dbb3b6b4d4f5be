package dev.anvil.machinery.resources.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.machinery.resources.ResourceTypes;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkResourcesTest {
    private static final ResourceTypes TYPES = NetworkResources.register(ResourceTypes.none());

    @Test
    void addresses_printAsTalosDoes() {
        assertThat(NetIp.parse("10.5.0.2")).hasToString("10.5.0.2");
        assertThat(NetIp.parse("fd00:0:0:0:0:0:0:1")).hasToString("fd00::1");
        assertThat(NetIp.parse("::")).hasToString("::");
        assertThat(NetIp.parse("2001:db8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1");
        assertThat(NetIp.parse("2001:db8:0:1:1:1:1:1")).hasToString("2001:db8:0:1:1:1:1:1");
        assertThat(NetIpPrefix.parseAddressOrPrefix("10.5.0.2")).hasToString("10.5.0.2/32");
        assertThatThrownBy(() -> NetIp.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetIpPrefix.parse("10.5.0.2/33")).hasMessageContaining("out of range");
    }

    @Test
    void addressSpec_wireAndYaml() {
        AddressSpec spec = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.5.0.2/24"), 0,
                ConfigLayer.CONFIGURATION);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(ProtoSpecCodec.encode(spec)))
                .isEqualTo("0a 08 0a 04 0a 05 00 02 10 18"  // address=1 {ip=1 bytes, prefix_length=2 24}
                        + " 12 04 65 74 68 30"               // linkName=2 "eth0"
                        + " 18 02"                           // family=3 inet4 (AF_INET)
                        + " 20 00"                           // scope=4 global (an enum is written even at 0)
                        + " 28 80 01"                        // flags=5 permanent (0x80)
                        + " 38 04");                         // layer=7 configuration
        assertThat(ResourceYaml.encodeSpec(spec)).isEqualTo("""
                address: 10.5.0.2/24
                linkName: eth0
                family: inet4
                scope: global
                flags: permanent
                announceWithARP: false
                priority: 0
                layer: configuration
                """);
        assertThat(spec.id()).isEqualTo("eth0/10.5.0.2/24");
        assertRoundTrips(AddressSpec.TYPE, spec);
    }

    @Test
    void routeSpec_idAndRoundTrip() {
        RouteSpec route = new RouteSpec(Family.INET4, null, null, NetIp.parse("10.5.0.1"), "eth0",
                RouteSpec.Table.MAIN, RouteSpec.DEFAULT_METRIC, Scope.GLOBAL, RouteSpec.Type.UNICAST,
                RouteSpec.Flags.NONE, RouteSpec.Protocol.STATIC, ConfigLayer.CONFIGURATION, 0);
        assertThat(route.id()).isEqualTo("inet4/10.5.0.1//1024");
        assertRoundTrips(RouteSpec.TYPE, route);
        assertThat(ResourceYaml.encodeSpec(route)).contains("gateway: 10.5.0.1").contains("table: main")
                .contains("type: unicast").contains("protocol: static").doesNotContain("dst:");
        RouteSpec v6 = new RouteSpec(Family.INET6, NetIpPrefix.parse("fd00::/64"), null, null, "eth0",
                RouteSpec.Table.LOCAL, 5, Scope.LINK, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE,
                RouteSpec.Protocol.STATIC, ConfigLayer.CONFIGURATION, 1400);
        assertThat(v6.id()).isEqualTo("local/eth0/inet6//fd00::/64/5");
    }

    @Test
    void otherSpecs_roundTrip() {
        assertRoundTrips(HostnameSpec.TYPE, HostnameSpec.fromFqdn("node-1.example.org", ConfigLayer.PLATFORM));
        assertRoundTrips(HostnameStatus.TYPE, new HostnameStatus("node-1", ""));
        assertRoundTrips(ResolverSpec.TYPE, ResolverSpec.of(List.of(ResolverSpec.NameServer.plain(
                NetIp.parse("1.1.1.1"))), ConfigLayer.DEFAULT, List.of("example.org"), true));
        assertRoundTrips(TimeServerSpec.TYPE, new TimeServerSpec(List.of("time.cloudflare.com"), true,
                ConfigLayer.DEFAULT));
        assertRoundTrips(LinkSpec.TYPE, LinkSpec.of("eth0", true, ConfigLayer.CONFIGURATION).withMtu(1400)
                .withMulticast(false));
        assertThat(ResourceYaml.encodeSpec(ResolverSpec.of(List.of(ResolverSpec.NameServer.plain(
                NetIp.parse("1.1.1.1"))), ConfigLayer.DEFAULT, List.of(), false)))
                .contains("dnsServers:\n    - 1.1.1.1").contains("protocol: Do53").contains("layer: default");
    }

    @Test
    void operatorSpec_wireYamlAndId() {
        OperatorSpec spec = new OperatorSpec(OperatorSpec.Operator.DHCP4, "eth0", true,
                new OperatorSpec.Dhcp4(1024, false, OperatorSpec.ClientIdentifier.NONE, false), null,
                ConfigLayer.CONFIGURATION);
        assertThat(spec.id()).isEqualTo("dhcp4/eth0");
        assertRoundTrips(OperatorSpec.TYPE, spec);
        assertThat(ResourceYaml.encodeSpec(spec)).startsWith("operator: dhcp4\nlinkName: eth0\nrequireUp: true\n")
                .contains("routeMetric: 1024").contains("clientIdentifier: none").contains("layer: configuration");
        assertThat(spec.sameAs(new OperatorSpec(OperatorSpec.Operator.DHCP4, "eth0", true, spec.dhcp4(), null,
                ConfigLayer.CMDLINE))).isTrue();
        assertThat(HexFormat.ofDelimiter(" ").formatHex(ProtoSpecCodec.encode(spec))).startsWith("08 00 12 04");

        OperatorSpec vip = new OperatorSpec(OperatorSpec.Operator.VIP, "eth0", false, null,
                new OperatorSpec.Vip(NetIp.parse("10.5.0.100"), true), ConfigLayer.CONFIGURATION);
        assertThat(vip.id()).isEqualTo("vip/eth0/10.5.0.100");
        assertRoundTrips(OperatorSpec.TYPE, vip);
        assertThat(ResourceYaml.encodeSpec(vip)).contains("ip: 10.5.0.100").contains("gratuitousARP: true");
        assertThat(vip.sameAs(new OperatorSpec(OperatorSpec.Operator.VIP, "eth0", false, null,
                new OperatorSpec.Vip(NetIp.parse("10.5.0.101"), true), ConfigLayer.CONFIGURATION))).isFalse();
    }

    @Test
    void hostname_fromFqdn_splitsAtTheFirstDot_andRefusesEmptyOrLongNames() {
        assertThat(HostnameSpec.fromFqdn("a.b.c", ConfigLayer.CONFIGURATION))
                .isEqualTo(new HostnameSpec("a", "b.c", ConfigLayer.CONFIGURATION));
        assertThatThrownBy(() -> HostnameSpec.fromFqdn(".b", ConfigLayer.CONFIGURATION))
                .hasMessageContaining("invalid hostname");
        assertThatThrownBy(() -> HostnameSpec.fromFqdn("x".repeat(64), ConfigLayer.CONFIGURATION))
                .hasMessageContaining("invalid hostname");
    }

    @Test
    void linkMerge_higherLayerSetsWhatItHas() {
        LinkSpec lower = LinkSpec.of("eth0", true, ConfigLayer.DEFAULT).withMtu(1500);
        LinkSpec higher = LinkSpec.of("eth0", false, ConfigLayer.CONFIGURATION).withMulticast(true);
        assertThat(lower.merge(higher)).isEqualTo(new LinkSpec("eth0", false, true, 1500, "",
                LinkSpec.LinkType.NETROM, "", null, null, null, null, null, ConfigLayer.CONFIGURATION,
                Optional.of(true), null));
        LinkSpec vlan = LinkSpec.logical("eth0.5", "vlan", ConfigLayer.CMDLINE)
                .withVlan("eth0", new LinkKinds.Vlan(5, LinkKinds.VlanProtocol.IEEE_8021Q));
        LinkSpec bonded = LinkSpec.of("eth0.5", true, ConfigLayer.CONFIGURATION)
                .withBondSlave(new LinkKinds.BondSlave("bond0", 1));
        assertThat(vlan.merge(bonded)).extracting(LinkSpec::kind, LinkSpec::parentName, LinkSpec::vlan,
                LinkSpec::bondSlave).containsExactly("vlan", "eth0", vlan.vlan(), bonded.bondSlave());
    }

    @Test
    void linkKinds_roundTripWithTalosNames() {
        LinkSpec bond = LinkSpec.logical("bond0", "bond", ConfigLayer.CONFIGURATION)
                .withBondMaster(new LinkKinds.BondMaster(LinkKinds.BondMode.ACTIVE_BACKUP, 100));
        assertRoundTrips(LinkSpec.TYPE, bond);
        assertThat(ResourceYaml.encodeSpec(bond)).contains("mode: active-backup").contains("kind: bond")
                .contains("type: ether").contains("logical: true");
        LinkSpec vlan = LinkSpec.logical("eth0.5", "vlan", ConfigLayer.CONFIGURATION)
                .withVlan("eth0", new LinkKinds.Vlan(5, LinkKinds.VlanProtocol.IEEE_8021Q));
        assertRoundTrips(LinkSpec.TYPE, vlan);
        assertThat(ResourceYaml.encodeSpec(vlan)).contains("vlanID: 5").contains("vlanProtocol: 802.1q");
        assertRoundTrips(LinkSpec.TYPE, LinkSpec.logical("br0", "bridge", ConfigLayer.CONFIGURATION)
                .withBridgeMaster(new LinkKinds.BridgeMaster(new LinkKinds.Stp(true),
                        new LinkKinds.BridgeVlan(false))));
        assertRoundTrips(LinkSpec.TYPE, LinkSpec.logical("veth0", "veth", ConfigLayer.CONFIGURATION)
                .withVeth(new LinkKinds.Veth("veth1")).withBridgeSlave(new LinkKinds.BridgeSlave("br0")));
        assertThat(LinkKinds.BondMode.parse("802.3ad")).isEqualTo(LinkKinds.BondMode.LACP);
        assertThat(LinkSpec.LinkType.of(772)).isEqualTo(LinkSpec.LinkType.LOOPBACK);
        assertThat(LinkSpec.LinkType.of(12345)).isEqualTo(LinkSpec.LinkType.VOID);
    }

    @Test
    void statuses_roundTripWithTalosIds() {
        AddressStatus address = new AddressStatus(NetIpPrefix.parse("10.5.0.2/24"), NetIp.parse("10.5.0.2"),
                NetIp.parse("10.5.0.255"), 3, "eth0", Family.INET4, Scope.GLOBAL, 0x80, 0);
        assertRoundTrips(AddressStatus.TYPE, address);
        assertThat(address.id()).isEqualTo("eth0/10.5.0.2/24");
        RouteStatus route = new RouteStatus(Family.INET4, null, null, NetIp.parse("10.5.0.1"), 3, "eth0",
                RouteSpec.Table.MAIN, 1024, Scope.GLOBAL, RouteSpec.Type.UNICAST, 0, RouteSpec.Protocol.STATIC, 0);
        assertRoundTrips(RouteStatus.TYPE, route);
        assertThat(route.id()).isEqualTo("inet4/10.5.0.1//1024");
        LinkStatus link = new LinkStatus("", 3, LinkSpec.LinkType.ETHER, 0, 0x11043,
                dev.anvil.cosi.resource.Bytes.of(new byte[] {2, 0, 0, 0, 0, 1}),
                dev.anvil.cosi.resource.Bytes.of(new byte[] {-1, -1, -1, -1, -1, -1}), 1500, "noqueue", 0,
                LinkStatus.OperationalState.UP, "veth", "", true, null, new LinkKinds.Veth("peer0"));
        assertRoundTrips(LinkStatus.TYPE, link);
        assertThat(ResourceYaml.encodeSpec(link)).contains("operationalState: up");
        assertRoundTrips(NodeAddress.TYPE, new NodeAddress(List.of(NetIpPrefix.parse("10.5.0.2/24")),
                NodeAddress.SortAlgorithm.V1));
        assertThat(TYPES.definitions()).extracting(d -> d.spec().type()).contains(LinkStatus.TYPE,
                AddressStatus.TYPE, RouteStatus.TYPE, NodeAddress.TYPE);
    }

    private static void assertRoundTrips(String type, Spec spec) {
        assertThat(TYPES.decode(type, ByteString.copyFrom(ProtoSpecCodec.encode(spec)), "")).isEqualTo(spec);
        assertThat(ResourceYaml.decodeSpec(ResourceYaml.encodeSpec(spec), spec.getClass())).isEqualTo(spec);
    }
}
