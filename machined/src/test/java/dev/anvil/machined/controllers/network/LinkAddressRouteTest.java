package dev.anvil.machined.controllers.network;

import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Links, addresses and routes from the config's interfaces and LinkConfig documents, layered and merged. */
class LinkAddressRouteTest {
    private final RuntimeHarness node = new RuntimeHarness(new LinkConfigController(), Merges.link(),
            new AddressConfigController(), Merges.address(), new RouteConfigController(), Merges.route());

    @AfterEach
    void close() {
        node.close();
    }

    private static final String CONFIG = """
            version: v1alpha1
            machine:
              network:
                interfaces:
                  - interface: eth0
                    mtu: 1400
                    addresses: [10.5.0.2/24]
                    routes:
                      - network: 0.0.0.0/0
                        gateway: 10.5.0.1
                  - interface: eth9
                    ignore: true
                    addresses: [10.9.0.2/24]
            ---
            apiVersion: v1alpha1
            kind: LinkConfig
            name: eth1
            mtu: 9000
            addresses:
              - address: fd00::2/64
                routePriority: 50
            routes:
              - destination: fd01::/64
                metric: 10
            """;

    @Test
    void configuredLinks_addressesAndRoutes_reachTheNetworkNamespaceMerged() {
        node.awaitAll(LinkSpec.KIND, LinkSpec.class, Map.of("lo", LinkSpec.of("lo", true, ConfigLayer.DEFAULT)));
        node.config(CONFIG);
        LinkSpec eth0 = LinkSpec.of("eth0", true, ConfigLayer.CONFIGURATION).withMtu(1400);
        LinkSpec eth1 = LinkSpec.of("eth1", true, ConfigLayer.CONFIGURATION).withMtu(9000);
        node.awaitAll(LinkSpec.CONFIG_KIND, LinkSpec.class, Map.of("default/lo",
                LinkSpec.of("lo", true, ConfigLayer.DEFAULT), "configuration/eth0", eth0, "configuration/eth1", eth1));
        node.awaitAll(LinkSpec.KIND, LinkSpec.class, Map.of("lo", LinkSpec.of("lo", true, ConfigLayer.DEFAULT),
                "eth0", eth0, "eth1", eth1));

        AddressSpec v4 = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.5.0.2/24"), 0, ConfigLayer.CONFIGURATION);
        AddressSpec v6 = AddressSpec.permanent("eth1", NetIpPrefix.parse("fd00::2/64"), 50,
                ConfigLayer.CONFIGURATION);
        node.awaitAll(AddressSpec.KIND, AddressSpec.class, Map.of("eth0/10.5.0.2/24", v4, "eth1/fd00::2/64", v6));
        node.awaitAll(AddressSpec.CONFIG_KIND, AddressSpec.class, Map.of("configuration/eth0/10.5.0.2/24", v4,
                "configuration/eth1/fd00::2/64", v6));

        RouteSpec gateway = new RouteSpec(Family.INET4, null, null, NetIp.parse("10.5.0.1"), "eth0",
                RouteSpec.Table.MAIN, 1024, Scope.GLOBAL, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE,
                RouteSpec.Protocol.STATIC, ConfigLayer.CONFIGURATION, 0);
        RouteSpec onLink = new RouteSpec(Family.INET6, NetIpPrefix.parse("fd01::/64"), null, null, "eth1",
                RouteSpec.Table.MAIN, 10, Scope.LINK, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE,
                RouteSpec.Protocol.STATIC, ConfigLayer.CONFIGURATION, 0);
        node.awaitAll(RouteSpec.KIND, RouteSpec.class, Map.of("inet4/10.5.0.1//1024", gateway,
                "eth1/inet6//fd01::/64/10", onLink));

        // the interface's MTU changes and its address goes: the merged specs follow without a restart
        node.config(CONFIG.replace("mtu: 1400", "mtu: 1450").replace("addresses: [10.5.0.2/24]", "addresses: []"));
        node.awaitAll(AddressSpec.KIND, AddressSpec.class, Map.of("eth1/fd00::2/64", v6));
        node.awaitSpec(LinkSpec.KIND.pointer("eth0"), eth0.withMtu(1450));

        node.removeConfig();
        node.awaitAll(LinkSpec.KIND, LinkSpec.class, Map.of("lo", LinkSpec.of("lo", true, ConfigLayer.DEFAULT)));
        node.awaitAll(AddressSpec.KIND, AddressSpec.class, Map.of());
        node.awaitAll(RouteSpec.KIND, RouteSpec.class, Map.of());
    }

    @Test
    void linkDocuments_overrideTheInterfaceSettings_andHigherLayersWinInTheMerge() {
        node.config("""
                version: v1alpha1
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        mtu: 1400
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                up: false
                multicast: true
                """);
        node.awaitSpec(LinkSpec.KIND.pointer("eth0"), new LinkSpec("eth0", false, false, 1400, "",
                LinkSpec.LinkType.NETROM, "", null, null, null, null, null, ConfigLayer.CONFIGURATION,
                Optional.of(true), null));
        AddressSpec low = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.0.0.1/8"), 1, ConfigLayer.DEFAULT);
        AddressSpec high = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.0.0.1/8"), 2,
                ConfigLayer.CONFIGURATION);
        assertThat(Merges.union(List.of(high, low), AddressSpec::id,
                AddressSpec::layer)).containsExactly(Map.entry("eth0/10.0.0.1/8", high));
    }
}
