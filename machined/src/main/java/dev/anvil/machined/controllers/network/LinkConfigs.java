package dev.anvil.machined.controllers.network;

import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.Link;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code configuration} layer of links, addresses and routes, read the way Talos reads them: first
 * {@code machine.network.interfaces} (by interface name), then the LinkConfig documents, which override a link's
 * settings. Not read yet: devices picked by a device selector, ignored devices, VLANs, bonds, bridges, dummy and
 * WireGuard links, DHCP, and the other link document kinds. A value that does not parse is logged and left out, as
 * Talos skips it.
 */
record LinkConfigs(List<LinkSpec> links, List<AddressSpec> addresses, List<RouteSpec> routes) {
    private static final ConfigLayer LAYER = ConfigLayer.CONFIGURATION;

    static LinkConfigs of(ConfigBundle config) {
        Map<String, LinkSpec> links = new LinkedHashMap<>();
        List<AddressSpec> addresses = new ArrayList<>();
        List<RouteSpec> routes = new ArrayList<>();
        List<NetworkConfig.Device> devices = config.v1alpha1()
                .map(v -> v.machine() == null || v.machine().network() == null ? null
                        : v.machine().network().interfaces())
                .orElse(List.of());
        for (NetworkConfig.Device device : devices == null ? List.<NetworkConfig.Device>of() : devices) {
            String name = device.interfaceName();
            if (name == null || name.isEmpty() || Boolean.TRUE.equals(device.ignore())) {
                continue;
            }
            LinkSpec link = links.getOrDefault(name, LinkSpec.of(name, true, LAYER));
            links.put(name, device.mtu() != null && device.mtu() != 0 ? link.withMtu(device.mtu()) : link);
            List<String> cidrs = device.addresses() != null && !device.addresses().isEmpty() ? device.addresses()
                    : device.cidr() == null ? List.of() : List.of(device.cidr());
            for (String cidr : cidrs) {
                address(name, cidr, 0).ifPresent(addresses::add);
            }
            for (NetworkConfig.Route r : device.routes() == null ? List.<NetworkConfig.Route>of() : device.routes()) {
                route(name, r.network(), r.gateway(), r.source(), r.metric(), r.mtu(), null)
                        .ifPresent(routes::add);
            }
        }
        for (LinkConfig doc : config.all(LinkConfig.class)) {
            String name = doc.name();
            LinkSpec link = links.getOrDefault(name, LinkSpec.of(name, true, LAYER))
                    .withUp(doc.up() == null || doc.up());
            if (doc.mtu() != null) {
                link = link.withMtu(doc.mtu().intValue());
            }
            if (doc.multicast() != null) {
                link = link.withMulticast(doc.multicast());
            }
            links.put(name, link);
            for (Link.Address a : doc.addresses() == null ? List.<Link.Address>of() : doc.addresses()) {
                address(name, a.address(), a.routePriority() == null ? 0 : a.routePriority().intValue())
                        .ifPresent(addresses::add);
            }
            for (Link.Route r : doc.routes() == null ? List.<Link.Route>of() : doc.routes()) {
                route(name, r.destination(), r.gateway(), r.source(), r.metric(), r.mtu(), r.table())
                        .ifPresent(routes::add);
            }
        }
        return new LinkConfigs(List.copyOf(links.values()), addresses, routes);
    }

    private static Optional<AddressSpec> address(String link, String text, int priority) {
        try {
            return Optional.of(AddressSpec.permanent(link, NetIpPrefix.parseAddressOrPrefix(text),
                    priority, LAYER));
        } catch (RuntimeException e) {
            Log.warn("skipping address", "link", link, "address", text, "error", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A static route as Talos builds it: an all-zero destination or gateway means none (a default route, a link
     * route); the family follows the gateway, else the destination; no metric is 1024; a multicast destination
     * makes a multicast route.
     */
    static Optional<RouteSpec> route(String link, String destination, String gateway, String source,
            Long metric, Long mtu, String table) {
        try {
            NetIpPrefix dst = empty(destination) ? null : NetIpPrefix.parse(destination);
            NetIp gw = empty(gateway) ? null : NetIp.parse(gateway);
            NetIp src = empty(source) ? null : NetIp.parse(source);
            Family zeroFamily = null;
            if (dst != null && dst.prefixLength() == 0 && dst.address().isUnspecified()) {
                zeroFamily = Family.of(dst.address());
                dst = null;
            }
            if (gw != null && gw.isUnspecified()) {
                zeroFamily = Family.of(gw);
                gw = null;
            }
            if (src != null && src.isUnspecified()) {
                zeroFamily = Family.of(src);
                src = null;
            }
            Family family = gw != null && gw.is6() || dst != null && dst.is6() ? Family.INET6
                    : zeroFamily != null ? zeroFamily : Family.INET4;
            Scope scope = gw == null && dst != null ? Scope.LINK
                    : dst != null && dst.address().toInetAddress().isLoopbackAddress() ? Scope.HOST : Scope.GLOBAL;
            int priority = metric == null || metric == 0 ? RouteSpec.DEFAULT_METRIC : metric.intValue();
            RouteSpec.Type type = dst != null && dst.address().isMulticast() ? RouteSpec.Type.MULTICAST
                    : RouteSpec.Type.UNICAST;
            return Optional.of(new RouteSpec(family, dst, src, gw, link, table(table), priority, scope,
                    type, RouteSpec.Flags.NONE, RouteSpec.Protocol.STATIC, LAYER, mtu == null ? 0 : mtu.intValue()));
        } catch (RuntimeException e) {
            Log.warn("skipping route", "link", link, "destination", destination, "gateway", gateway, "error",
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static RouteSpec.Table table(String name) {
        if (empty(name)) {
            return RouteSpec.Table.MAIN;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "main", "254" -> RouteSpec.Table.MAIN;
            case "local", "255" -> RouteSpec.Table.LOCAL;
            case "default", "253" -> RouteSpec.Table.DEFAULT;
            default -> throw new IllegalArgumentException("routing table " + name + " is not supported yet");
        };
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
