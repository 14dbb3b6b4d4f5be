package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machined.network.dhcp4.Dhcp4Options;
import dev.anvil.machined.network.dhcp4.Dhcp4Options.ClasslessRoute;
import dev.anvil.machined.network.dhcp4.Dhcp4Packet;
import dev.anvil.machined.network.dhcp4.Lease;
import dev.anvil.machined.network.dhcp4.MessageType;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.OperatorSpec.ClientIdentifier;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators from the config (layered, merged) and the specs a running DHCPv4 operator publishes in the operator
 * layer, here with leases the test hands the operators; the client itself meets a real server in Dhcp4ClientTest
 * and the e2e DhcpNodeTest.
 */
class OperatorControllersTest {
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> notify = new ConcurrentHashMap<>();
    private final List<String> held = new CopyOnWriteArrayList<>();
    private final RuntimeHarness node = new RuntimeHarness(new OperatorConfigController(), Merges.operator(),
            new OperatorSpecController(this::operator), Merges.address(), Merges.route(), Merges.resolver(),
            Merges.hostname(), Merges.timeServer(), Merges.link());

    @AfterEach
    void close() {
        node.close();
    }

    private OperatorSpecController.Running operator(OperatorSpec spec, Runnable changed) {
        events.add(spec.operator() == OperatorSpec.Operator.VIP ? "start " + spec.id()
                : "start " + spec.linkName() + " metric " + spec.dhcp4().routeMetric());
        notify.put(spec.linkName(), changed);
        return new OperatorSpecController.Running() {
            @Override
            public List<AddressSpec> addresses() {
                return spec.operator() == OperatorSpec.Operator.VIP && held.contains(spec.linkName())
                        ? List.of(AddressSpec.permanent(spec.linkName(), NetIpPrefix.of(spec.vip().ip(), 32), 0,
                        ConfigLayer.OPERATOR)) : List.of();
            }

            @Override
            public OperatorSpec spec() {
                return spec;
            }

            @Override
            public Optional<Lease> lease() {
                return Optional.ofNullable(leases.get(spec.linkName()));
            }

            @Override
            public void stop(boolean release) {
                events.add("stop " + spec.linkName() + (release ? " releasing" : ""));
            }
        };
    }

    private static final String CONFIG = """
            version: v1alpha1
            machine:
              network:
                interfaces:
                  - interface: eth0
                    dhcp: true
                    vlans:
                      - vlanId: 100
                        dhcp: true
                        dhcpOptions: {routeMetric: 50}
                  - interface: eth1
                    dhcp: true
                    dhcpOptions: {ipv4: false}
                  - interface: eth9
                    ignore: true
                    dhcp: true
            ---
            apiVersion: v1alpha1
            kind: DHCPv4Config
            name: eth2
            routeMetric: 7
            ignoreHostname: true
            clientIdentifier: mac
            """;

    @Test
    void config_asksForDhcp4Operators_asTalosReadsIt() {
        node.config(CONFIG);
        OperatorSpec eth0 = dhcp4("eth0", 1024, false, ClientIdentifier.NONE);
        OperatorSpec vlan = dhcp4("eth0.100", 50, false, ClientIdentifier.NONE);
        OperatorSpec eth2 = dhcp4("eth2", 7, true, new ClientIdentifier(ClientIdentifier.Kind.MAC, ""));
        node.awaitAll(OperatorSpec.CONFIG_KIND, OperatorSpec.class, Map.of("configuration/dhcp4/eth0", eth0,
                "configuration/dhcp4/eth0.100", vlan, "configuration/dhcp4/eth2", eth2));
        node.awaitAll(OperatorSpec.KIND, OperatorSpec.class, Map.of("dhcp4/eth0", eth0, "dhcp4/eth0.100", vlan,
                "dhcp4/eth2", eth2));
        await().until(() -> events.size() == 3);
        assertThat(events).containsExactlyInAnyOrder("start eth0 metric 1024", "start eth0.100 metric 50",
                "start eth2 metric 7");
    }

    @Test
    void vip_fromTheInterfaceAndLayer2VipConfig_isAnOperator_whoseHeldAddressIsInTheOperatorLayer() {
        node.config("""
                version: v1alpha1
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        vip: {ip: 10.5.0.100}
                ---
                apiVersion: v1alpha1
                kind: Layer2VIPConfig
                name: 10.6.0.100
                link: eth3
                """);
        OperatorSpec eth0 = new OperatorSpec(OperatorSpec.Operator.VIP, "eth0", true, null,
                new OperatorSpec.Vip(NetIp.parse("10.5.0.100"), true), ConfigLayer.CONFIGURATION);
        OperatorSpec eth3 = new OperatorSpec(OperatorSpec.Operator.VIP, "eth3", true, null,
                new OperatorSpec.Vip(NetIp.parse("10.6.0.100"), true), ConfigLayer.CONFIGURATION);
        node.awaitAll(OperatorSpec.KIND, OperatorSpec.class, Map.of("vip/eth0/10.5.0.100", eth0,
                "vip/eth3/10.6.0.100", eth3));
        await().until(() -> events.size() == 2);
        assertThat(events).containsExactlyInAnyOrder("start vip/eth0/10.5.0.100", "start vip/eth3/10.6.0.100");

        held.add("eth0");
        notify.get("eth0").run();
        AddressSpec vip = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.5.0.100/32"), 0, ConfigLayer.OPERATOR);
        node.awaitSpec(AddressSpec.CONFIG_KIND.pointer("vip/eth0/eth0/10.5.0.100/32"), vip);
        node.awaitSpec(AddressSpec.KIND.pointer("eth0/10.5.0.100/32"), vip);
        held.clear();
        notify.get("eth0").run();
        node.awaitAll(AddressSpec.KIND, AddressSpec.class, Map.of());
    }

    @Test
    void lease_isPublishedInTheOperatorLayer_andMerged_thenGoesWithTheLease() throws Exception {
        node.config(CONFIG.substring(0, CONFIG.indexOf("        vlans:")) + "        dhcpOptions: {routeMetric: 100}\n");
        await().until(() -> notify.containsKey("eth0"));
        leases.put("eth0", lease(Dhcp4Options.builder().messageType(MessageType.ACK)
                .address(Dhcp4Options.SERVER_ID, ip("10.5.0.1")).prefixLength(24)
                .addresses(Dhcp4Options.ROUTER, List.of(ip("10.5.0.1")))
                .addresses(Dhcp4Options.DNS_SERVERS, List.of(ip("10.5.0.53")))
                .addresses(Dhcp4Options.NTP_SERVERS, List.of(ip("10.5.0.123")))
                .text(Dhcp4Options.HOSTNAME, "leased").text(Dhcp4Options.DOMAIN_NAME, "dhcp.test").mtu(1450)
                .seconds(Dhcp4Options.LEASE_TIME, 600).build()));
        notify.get("eth0").run();

        AddressSpec address = AddressSpec.permanent("eth0", NetIpPrefix.parse("10.5.0.7/24"), 100,
                ConfigLayer.OPERATOR);
        node.awaitSpec(AddressSpec.CONFIG_KIND.pointer("dhcp4/eth0/eth0/10.5.0.7/24"), address);
        node.awaitSpec(AddressSpec.KIND.pointer("eth0/10.5.0.7/24"), address);
        RouteSpec gateway = new RouteSpec(Family.INET4, null, NetIp.parse("10.5.0.7"), NetIp.parse("10.5.0.1"),
                "eth0", RouteSpec.Table.MAIN, 100, Scope.GLOBAL, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE,
                RouteSpec.Protocol.BOOT, ConfigLayer.OPERATOR, 0);
        node.awaitSpec(RouteSpec.CONFIG_KIND.pointer("dhcp4/eth0/inet4/10.5.0.1//100"), gateway);
        node.awaitSpec(RouteSpec.KIND.pointer("inet4/10.5.0.1//100"), gateway);
        ResolverSpec resolver = ResolverSpec.of(List.of(ResolverSpec.NameServer.plain(NetIp.parse("10.5.0.53"))),
                ConfigLayer.OPERATOR, List.of("dhcp.test"), false);
        node.awaitSpec(ResolverSpec.CONFIG_KIND.pointer("dhcp4/eth0/resolvers"), resolver);
        node.awaitSpec(ResolverSpec.KIND.pointer(ResolverSpec.ID), resolver);
        node.awaitSpec(HostnameSpec.KIND.pointer(HostnameSpec.ID), new HostnameSpec("leased", "dhcp.test",
                ConfigLayer.OPERATOR));
        node.awaitSpec(TimeServerSpec.KIND.pointer(TimeServerSpec.ID), new TimeServerSpec(List.of("10.5.0.123"),
                false, ConfigLayer.OPERATOR));
        node.awaitSpec(LinkSpec.CONFIG_KIND.pointer("dhcp4/eth0/eth0"),
                LinkSpec.of("eth0", true, ConfigLayer.OPERATOR).withMtu(1450));

        leases.remove("eth0");
        notify.get("eth0").run();
        node.awaitAll(AddressSpec.KIND, AddressSpec.class, Map.of());
        node.awaitAll(RouteSpec.KIND, RouteSpec.class, Map.of());
        node.awaitAll(ResolverSpec.CONFIG_KIND, ResolverSpec.class, Map.of());

        node.removeConfig();
        await().until(() -> events.contains("stop eth0 releasing"));
    }

    @Test
    void classlessRoutes_replaceTheRouters_andAGatewayOffTheSubnetGetsALinkRoute() {
        Lease lease = lease(Dhcp4Options.builder().messageType(MessageType.ACK).prefixLength(32)
                .addresses(Dhcp4Options.ROUTER, List.of(ip("10.5.0.1")))
                .classlessRoutes(List.of(new ClasslessRoute(ip("0.0.0.0"), 0, ip("169.254.0.1")),
                        new ClasslessRoute(ip("10.6.0.0"), 16, ip("169.254.0.1")),
                        new ClasslessRoute(ip("10.7.0.0"), 16, ip("0.0.0.0")))).build());
        Dhcp4LeaseSpecs specs = Dhcp4LeaseSpecs.of(lease, "eth0", 1024, false, true);

        assertThat(specs.routes()).extracting(RouteSpec::id).containsExactly("inet4/169.254.0.1//1024",
                "inet4/169.254.0.1/10.6.0.0/16/1024", "inet4//10.7.0.0/16/1024", "inet4//169.254.0.1/32/1024");
        assertThat(specs.routes()).extracting(RouteSpec::scope).containsExactly(Scope.GLOBAL, Scope.GLOBAL,
                Scope.LINK, Scope.LINK);
        assertThat(Dhcp4LeaseSpecs.of(lease, "eth0", 1024, false, false).routes()).as("ignoreRoutes").isEmpty();
        assertThat(specs.hostnames()).isEmpty();
        assertThat(specs.links()).as("no MTU offered").isEmpty();
    }

    private static OperatorSpec dhcp4(String link, int metric, boolean skipHostname, ClientIdentifier id) {
        return new OperatorSpec(OperatorSpec.Operator.DHCP4, link, true, new OperatorSpec.Dhcp4(metric, skipHostname,
                id, false), null, ConfigLayer.CONFIGURATION);
    }

    private static Lease lease(Dhcp4Options options) {
        Dhcp4Packet ack = new Dhcp4Packet(Dhcp4Packet.BOOT_REPLY, 1, 0, 1, 0, false, Dhcp4Packet.ZERO,
                ip("10.5.0.7"), Dhcp4Packet.ZERO, Dhcp4Packet.ZERO, Bytes.of(new byte[6]), options);
        return Lease.of(ack, ip("10.5.0.1"), Instant.now());
    }

    private static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
