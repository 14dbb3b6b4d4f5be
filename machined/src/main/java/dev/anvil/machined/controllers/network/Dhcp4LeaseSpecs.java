package dev.anvil.machined.controllers.network;

import dev.anvil.machined.network.dhcp4.Dhcp4Options;
import dev.anvil.machined.network.dhcp4.Dhcp4Options.ClasslessRoute;
import dev.anvil.machined.network.dhcp4.Lease;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;
import dev.anvil.machinery.resources.network.TimeServerSpec;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a DHCPv4 lease means for the node, as Talos reads an ACK, all in the {@code operator} layer: the address
 * (with the route metric as its priority), the link up with the offered MTU, routes (the classless static routes
 * when offered, which RFC 3442 says replace the routers; else a default route through each router; and a link
 * route to a gateway outside the leased subnet), the host name when asked for, the DNS servers with the domain as
 * search domain, and the NTP servers. Routes carry protocol {@code boot}, as Talos's do.
 */
record Dhcp4LeaseSpecs(List<AddressSpec> addresses, List<LinkSpec> links, List<RouteSpec> routes,
        List<HostnameSpec> hostnames, List<ResolverSpec> resolvers, List<TimeServerSpec> timeServers) {
    private static final ConfigLayer LAYER = ConfigLayer.OPERATOR;

    static Dhcp4LeaseSpecs of(Lease lease, String link, int routeMetric, boolean useHostname, boolean useRoutes) {
        Dhcp4Options o = lease.ack().options();
        NetIpPrefix address = NetIpPrefix.of(ip(lease.address()), lease.prefixLength());
        List<AddressSpec> addresses = List.of(AddressSpec.permanent(link, address, routeMetric, LAYER));
        List<LinkSpec> links = o.mtu().map(mtu -> List.of(LinkSpec.of(link, true, LAYER).withMtu(mtu)))
                .orElse(List.of());

        List<RouteSpec> routes = new ArrayList<>();
        if (useRoutes) {
            Set<Inet4Address> onLink = new LinkedHashSet<>();
            List<ClasslessRoute> classless = o.classlessRoutes();
            if (!classless.isEmpty()) {
                for (ClasslessRoute r : classless) {
                    routes.add(route(link, NetIpPrefix.of(ip(r.destination()), r.prefixLength()), ip(r.router()),
                            address.address(), routeMetric));
                    if (!r.router().isAnyLocalAddress() && !contains(lease, r.router())) {
                        onLink.add(r.router());
                    }
                }
            } else {
                for (Inet4Address router : o.routers()) {
                    routes.add(route(link, null, ip(router), address.address(), routeMetric));
                    if (!contains(lease, router)) {
                        onLink.add(router);
                    }
                }
            }
            onLink.forEach(gw -> routes.add(route(link, NetIpPrefix.of(ip(gw), 32), null, address.address(),
                    routeMetric)));
        }

        List<HostnameSpec> hostnames = List.of();
        if (useHostname && o.hostname().isPresent()) {
            try {
                HostnameSpec named = HostnameSpec.fromFqdn(o.hostname().get(), LAYER);
                hostnames = List.of(o.domainName().map(d -> new HostnameSpec(named.hostname(), d, LAYER))
                        .orElse(named));
            } catch (IllegalArgumentException e) {
                hostnames = List.of();
            }
        }

        List<String> searchDomains = o.domainName().map(List::of).orElse(List.of());
        List<ResolverSpec> resolvers = o.dnsServers().isEmpty() && searchDomains.isEmpty() ? List.of()
                : List.of(ResolverSpec.of(o.dnsServers().stream().map(s -> ResolverSpec.NameServer.plain(ip(s)))
                        .toList(), LAYER, searchDomains, false));
        List<TimeServerSpec> timeServers = o.ntpServers().isEmpty() ? List.of()
                : List.of(new TimeServerSpec(o.ntpServers().stream().map(Inet4Address::getHostAddress).toList(),
                        false, LAYER));
        return new Dhcp4LeaseSpecs(addresses, links, routes, hostnames, resolvers, timeServers);
    }

    /** A route normalised as Talos does: no zero destination or gateway, and the scope that follows. */
    private static RouteSpec route(String link, NetIpPrefix destination, NetIp gateway, NetIp source, int metric) {
        NetIpPrefix dst = destination != null && destination.prefixLength() == 0 ? null : destination;
        NetIp gw = gateway != null && gateway.isUnspecified() ? null : gateway;
        Scope scope = gw == null && dst != null ? Scope.LINK : Scope.GLOBAL;
        return new RouteSpec(Family.INET4, dst, source, gw, link, RouteSpec.Table.MAIN, metric, scope,
                RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE, RouteSpec.Protocol.BOOT, LAYER, 0);
    }

    private static boolean contains(Lease lease, Inet4Address address) {
        int mask = lease.prefixLength() == 0 ? 0 : -1 << (32 - lease.prefixLength());
        return (bits(lease.address()) & mask) == (bits(address) & mask);
    }

    private static int bits(Inet4Address address) {
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    private static NetIp ip(Inet4Address address) {
        return NetIp.of(address);
    }
}
