package dev.anvil.machined.controllers.network;

import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.BondConfig;
import dev.anvil.machinery.config.document.BridgeConfig;
import dev.anvil.machinery.config.document.DummyLinkConfig;
import dev.anvil.machinery.config.document.Link;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.document.VLANConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.LinkKinds;
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
 * {@code machine.network.interfaces} (by interface name, with their dummy, bond, bridge, bridge port and VLAN
 * settings), then the link documents (LinkConfig, DummyLinkConfig, BridgeConfig, BondConfig, VLANConfig), which
 * override a link's settings. A bond's or bridge's members become links enslaved to it. Not read yet: devices picked
 * by a device selector, WireGuard links, DHCP (operators), bond options other than the mode and MII monitoring, and
 * the other link document kinds. A value that does not parse is logged and left out, as Talos skips it.
 */
record LinkConfigs(List<LinkSpec> links, List<AddressSpec> addresses, List<RouteSpec> routes) {
    private static final ConfigLayer LAYER = ConfigLayer.CONFIGURATION;

    static LinkConfigs of(ConfigBundle config) {
        Builder b = new Builder();
        List<NetworkConfig.Device> devices = config.v1alpha1()
                .map(v -> v.machine() == null || v.machine().network() == null ? null
                        : v.machine().network().interfaces())
                .orElse(List.of());
        for (NetworkConfig.Device device : devices == null ? List.<NetworkConfig.Device>of() : devices) {
            String name = device.interfaceName();
            if (name == null || name.isEmpty() || Boolean.TRUE.equals(device.ignore())) {
                continue;
            }
            b.device(name, device);
        }
        for (LinkConfig doc : config.all(LinkConfig.class)) {
            b.document(b.link(doc.name()), doc.up(), doc.mtu(), doc.multicast(), doc.addresses(), doc.routes());
        }
        for (DummyLinkConfig doc : config.all(DummyLinkConfig.class)) {
            b.document(b.logical(doc.name(), "dummy"), doc.up(), doc.mtu(), doc.multicast(), doc.addresses(),
                    doc.routes());
        }
        for (BridgeConfig doc : config.all(BridgeConfig.class)) {
            LinkSpec bridge = b.logical(doc.name(), "bridge").withBridgeMaster(new LinkKinds.BridgeMaster(
                    new LinkKinds.Stp(doc.stp() != null && Boolean.TRUE.equals(doc.stp().enabled())),
                    new LinkKinds.BridgeVlan(doc.vlan() != null && Boolean.TRUE.equals(doc.vlan().filtering()))));
            b.document(bridge, doc.up(), doc.mtu(), doc.multicast(), doc.addresses(), doc.routes());
            b.members(doc.links(), member -> member.withBridgeSlave(new LinkKinds.BridgeSlave(doc.name())));
        }
        for (BondConfig doc : config.all(BondConfig.class)) {
            bondMaster(doc.name(), doc.bondMode(), doc.miimon()).ifPresent(master -> {
                b.document(b.logical(doc.name(), "bond").withBondMaster(master), doc.up(), doc.mtu(),
                        doc.multicast(), doc.addresses(), doc.routes());
                b.bondMembers(doc.name(), doc.links());
            });
        }
        for (VLANConfig doc : config.all(VLANConfig.class)) {
            if (doc.vlanID() == null || doc.parent() == null) {
                Log.warn("skipping VLAN without an ID or a parent", "link", doc.name());
                continue;
            }
            LinkKinds.VlanProtocol protocol = "802.1ad".equalsIgnoreCase(doc.vlanMode())
                    ? LinkKinds.VlanProtocol.IEEE_8021AD : LinkKinds.VlanProtocol.IEEE_8021Q;
            b.document(b.logical(doc.name(), "vlan").withVlan(doc.parent(),
                    new LinkKinds.Vlan(doc.vlanID(), protocol)), doc.up(), doc.mtu(), doc.multicast(),
                    doc.addresses(), doc.routes());
        }
        return new LinkConfigs(List.copyOf(b.links.values()), b.addresses, b.routes);
    }

    /** The specs being built, links by name (a later source overlays an earlier one's link). */
    private static final class Builder {
        final Map<String, LinkSpec> links = new LinkedHashMap<>();
        final List<AddressSpec> addresses = new ArrayList<>();
        final List<RouteSpec> routes = new ArrayList<>();

        LinkSpec link(String name) {
            return links.getOrDefault(name, LinkSpec.of(name, true, LAYER));
        }

        LinkSpec logical(String name, String kind) {
            LinkSpec existing = links.get(name);
            LinkSpec logical = LinkSpec.logical(name, kind, LAYER);
            return existing == null ? logical : existing.merge(logical);
        }

        void members(List<String> names, java.util.function.UnaryOperator<LinkSpec> change) {
            for (String member : names == null ? List.<String>of() : names) {
                links.put(member, change.apply(link(member)));
            }
        }

        void bondMembers(String bond, List<String> names) {
            List<String> members = names == null ? List.of() : names;
            for (int i = 0; i < members.size(); i++) {
                int index = i;
                links.put(members.get(i), link(members.get(i)).withBondSlave(new LinkKinds.BondSlave(bond, index)));
            }
        }

        /** A machine.network.interfaces entry: the link, its kind, members and VLANs, addresses and routes. */
        void device(String name, NetworkConfig.Device device) {
            LinkSpec link = Boolean.TRUE.equals(device.dummy()) ? logical(name, "dummy") : link(name);
            if (device.bond() != null) {
                NetworkConfig.Bond bond = device.bond();
                Optional<LinkKinds.BondMaster> master = bondMaster(name, bond.mode(), bond.miimon());
                if (master.isPresent()) {
                    link = logical(name, "bond").withBondMaster(master.get());
                    links.put(name, link);
                    bondMembers(name, bond.interfaces());
                }
            }
            if (device.bridge() != null) {
                NetworkConfig.Bridge bridge = device.bridge();
                link = logical(name, "bridge").withBridgeMaster(new LinkKinds.BridgeMaster(
                        new LinkKinds.Stp(bridge.stp() != null && Boolean.TRUE.equals(bridge.stp().enabled())),
                        new LinkKinds.BridgeVlan(bridge.vlan() != null
                                && Boolean.TRUE.equals(bridge.vlan().vlanFiltering()))));
                links.put(name, link);
                members(bridge.interfaces(), m -> m.withBridgeSlave(new LinkKinds.BridgeSlave(name)));
            }
            if (device.bridgePort() != null && device.bridgePort().master() != null) {
                link = link.withBridgeSlave(new LinkKinds.BridgeSlave(device.bridgePort().master()));
            }
            links.put(name, device.mtu() != null && device.mtu() != 0 ? link.withMtu(device.mtu()) : link);
            addressesAndRoutes(name, device.addresses(), device.cidr(), device.routes());
            for (NetworkConfig.Vlan vlan : device.vlans() == null ? List.<NetworkConfig.Vlan>of() : device.vlans()) {
                if (vlan.vlanId() == null) {
                    continue;
                }
                String vlanName = name + "." + vlan.vlanId();
                LinkSpec vlanLink = logical(vlanName, "vlan").withVlan(name,
                        new LinkKinds.Vlan(vlan.vlanId(), LinkKinds.VlanProtocol.IEEE_8021Q));
                links.put(vlanName, vlan.mtu() != null && vlan.mtu() != 0 ? vlanLink.withMtu(vlan.mtu().intValue())
                        : vlanLink);
                addressesAndRoutes(vlanName, vlan.addresses(), vlan.cidr(), vlan.routes());
            }
        }

        private void addressesAndRoutes(String name, List<String> list, String cidr, List<NetworkConfig.Route> rs) {
            List<String> cidrs = list != null && !list.isEmpty() ? list : cidr == null ? List.of() : List.of(cidr);
            for (String text : cidrs) {
                address(name, text, 0).ifPresent(addresses::add);
            }
            for (NetworkConfig.Route r : rs == null ? List.<NetworkConfig.Route>of() : rs) {
                route(name, r.network(), r.gateway(), r.source(), r.metric(), r.mtu(), null).ifPresent(routes::add);
            }
        }

        /** A link document's common settings over {@code link}: up, MTU, multicast, addresses, routes. */
        void document(LinkSpec link, Boolean up, Long mtu, Boolean multicast, List<Link.Address> docAddresses,
                List<Link.Route> docRoutes) {
            String name = link.name();
            link = link.withUp(up == null || up);
            if (mtu != null) {
                link = link.withMtu(mtu.intValue());
            }
            if (multicast != null) {
                link = link.withMulticast(multicast);
            }
            links.put(name, link);
            for (Link.Address a : docAddresses == null ? List.<Link.Address>of() : docAddresses) {
                address(name, a.address(), a.routePriority() == null ? 0 : a.routePriority().intValue())
                        .ifPresent(addresses::add);
            }
            for (Link.Route r : docRoutes == null ? List.<Link.Route>of() : docRoutes) {
                route(name, r.destination(), r.gateway(), r.source(), r.metric(), r.mtu(), r.table())
                        .ifPresent(routes::add);
            }
        }
    }

    /** A bond's mode (Talos's default is balance-rr) and MII monitoring; a mode that does not parse is logged. */
    private static Optional<LinkKinds.BondMaster> bondMaster(String name, String mode, Long miimon) {
        try {
            return Optional.of(new LinkKinds.BondMaster(mode == null || mode.isEmpty()
                    ? LinkKinds.BondMode.ROUNDROBIN : LinkKinds.BondMode.parse(mode),
                    miimon == null ? 0 : miimon.intValue()));
        } catch (IllegalArgumentException e) {
            Log.warn("skipping bond", "link", name, "error", e.getMessage());
            return Optional.empty();
        }
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
