package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.BlackholeRouteConfig;
import dev.anvil.machinery.config.document.BondConfig;
import dev.anvil.machinery.config.document.BridgeConfig;
import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.DHCPv4Config;
import dev.anvil.machinery.config.document.DHCPv6Config;
import dev.anvil.machinery.config.document.DummyLinkConfig;
import dev.anvil.machinery.config.document.EtcFileConfig;
import dev.anvil.machinery.config.document.HostnameConfig;
import dev.anvil.machinery.config.document.KernelModuleConfig;
import dev.anvil.machinery.config.document.KubeNodeConfig;
import dev.anvil.machinery.config.document.KubeStaticPodConfig;
import dev.anvil.machinery.config.document.KubeletConfig;
import dev.anvil.machinery.config.document.Layer2VIPConfig;
import dev.anvil.machinery.config.document.Link;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.document.MachinedLogConfig;
import dev.anvil.machinery.config.document.ResolverConfig;
import dev.anvil.machinery.config.document.StaticHostConfig;
import dev.anvil.machinery.config.document.SysctlConfig;
import dev.anvil.machinery.config.document.SysfsConfig;
import dev.anvil.machinery.config.document.TimeSyncConfig;
import dev.anvil.machinery.config.document.VLANConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for the multi-document kinds, one document at a time and across documents. */
final class DocumentRules {

    private DocumentRules() {
    }

    static void check(Findings f, ConfigBundle config, ValidationMode mode) {
        for (ConfigDocument doc : config.documents()) {
            switch (doc) {
                case HostnameConfig h -> hostname(f, h, config);
                case ResolverConfig r -> resolver(f, r);
                case StaticHostConfig s -> {
                    f.check(s, "name", s.name(), Formats::ip);
                    if (s.hostnames() == null || s.hostnames().isEmpty()) {
                        f.error(s, "hostnames", "at least one hostname is required");
                    }
                    f.checkAll(s, "hostnames", s.hostnames(), Formats::hostname);
                }
                case TimeSyncConfig t -> f.check(t, "bootTimeout", t.bootTimeout(), Formats::duration);
                case LinkConfig l -> link(f, l, l.mtu(), l.addresses(), l.routes());
                case DummyLinkConfig l -> link(f, l, l.mtu(), l.addresses(), l.routes());
                case BridgeConfig l -> link(f, l, l.mtu(), l.addresses(), l.routes());
                case VLANConfig v -> {
                    link(f, v, v.mtu(), v.addresses(), v.routes());
                    if (v.vlanID() == null || v.vlanID() < 1 || v.vlanID() > 4094) {
                        f.error(v, "vlanID", "a VLAN id 1..4094 is required");
                    }
                    if (v.parent() == null || v.parent().isEmpty()) {
                        f.error(v, "parent", "the parent link is required");
                    }
                }
                case BondConfig b -> {
                    link(f, b, b.mtu(), b.addresses(), b.routes());
                    if (b.bondMode() == null || !Bonding.MODES.contains(b.bondMode())) {
                        f.error(b, "bondMode", "bond mode must be one of " + Bonding.MODES);
                    }
                }
                case Layer2VIPConfig v -> {
                    f.check(v, "name", v.name(), Formats::ip);
                    if (v.link() == null || v.link().isEmpty()) {
                        f.error(v, "link", "the link to announce the VIP on is required");
                    }
                }
                case BlackholeRouteConfig r -> f.check(r, "name", r.name(), Formats::cidr);
                case EtcFileConfig e -> {
                    if (e.name() != null && (e.name().startsWith("/") || List.of(e.name().split("/")).contains(".."))) {
                        f.error(e, "name", "the name is a path relative to /etc, without ..");
                    }
                    if (e.mode() != null) {
                        f.check(e, "mode", e.mode().text(), v -> Formats.fileMode(v, e.mode().isNumber()));
                    }
                }
                case KubeletConfig k -> f.checkAll(k, "clusterDNS", k.clusterDNS(), Formats::ip);
                case KubeNodeConfig n when n.nodeIP() != null ->
                        f.checkAll(n, "nodeIP.validSubnets", n.nodeIP().validSubnets(), Formats::subnetFilter);
                case KubeStaticPodConfig p when p.pod() == null -> f.error(p, "pod", "the pod manifest is required");
                case MachinedLogConfig l when l.format() != null && !Set.of("text", "json").contains(l.format()) ->
                        f.error(l, "format", "format must be text or json");
                case SysctlConfig s when mode == ValidationMode.CONTAINER ->
                        MachineRules.nonNetSysctls(f, s, "params", s.params());
                case SysfsConfig s when mode == ValidationMode.CONTAINER ->
                        f.warning(s, "params", "skipped in container mode: /sys settings are global");
                case KernelModuleConfig k when mode == ValidationMode.CONTAINER ->
                        f.warning(k, "", "skipped in container mode: kernel modules are global");
                default -> {
                }
            }
        }
        bondAndBridgeMembers(f, config);
        dhcpWithStatic(f, config);
    }

    private static void hostname(Findings f, HostnameConfig h, ConfigBundle config) {
        boolean fixed = h.hostname() != null && !h.hostname().isEmpty();
        boolean auto = h.auto() != null && !h.auto().isEmpty();
        if (fixed == auto) {
            f.error(h, "", "set exactly one of hostname and auto");
        }
        if (auto && !Set.of("stable", "off").contains(h.auto())) {
            f.error(h, "auto", "auto must be stable or off");
        }
        f.check(h, "hostname", h.hostname(), Formats::hostname);
        config.v1alpha1().ifPresent(v1 -> {
            if (fixed && v1.machine() != null && v1.machine().network() != null
                    && v1.machine().network().hostname() != null) {
                f.error(h, "hostname", "the hostname is also set in machine.network.hostname");
            }
        });
    }

    private static void resolver(Findings f, ResolverConfig r) {
        if (r.nameservers() != null) {
            for (int i = 0; i < r.nameservers().size(); i++) {
                f.check(r, "nameservers[" + i + "].address", r.nameservers().get(i).address(), Formats::ip);
            }
        }
        if (r.searchDomains() != null) {
            f.checkAll(r, "searchDomains.domains", r.searchDomains().domains(), Formats::hostname);
        }
    }

    private static void link(Findings f, ConfigDocument doc, Long mtu, List<Link.Address> addresses,
                             List<Link.Route> routes) {
        if (doc.id().length() > 15) {
            f.error(doc, "name", "link names have at most 15 characters");
        }
        if (mtu != null) {
            InterfaceRules.mtu(f, doc, "mtu", mtu);
        }
        if (addresses != null) {
            for (int i = 0; i < addresses.size(); i++) {
                f.check(doc, "addresses[" + i + "].address", addresses.get(i).address(), Formats::cidr);
            }
        }
        if (routes != null) {
            for (int i = 0; i < routes.size(); i++) {
                var route = routes.get(i);
                f.check(doc, "routes[" + i + "].destination", route.destination(), Formats::cidr);
                f.check(doc, "routes[" + i + "].gateway", route.gateway(), Formats::ip);
                f.check(doc, "routes[" + i + "].source", route.source(), Formats::ip);
            }
        }
    }

    /** A link may belong to at most one bond or bridge, across all documents. */
    private static void bondAndBridgeMembers(Findings f, ConfigBundle config) {
        Map<String, String> memberOf = new HashMap<>();
        for (ConfigDocument doc : config.documents()) {
            List<String> links = switch (doc) {
                case BondConfig b -> b.links();
                case BridgeConfig b -> b.links();
                default -> null;
            };
            if (links == null) {
                continue;
            }
            for (int i = 0; i < links.size(); i++) {
                String previous = memberOf.putIfAbsent(links.get(i), doc.id());
                if (previous != null) {
                    f.error(doc, "links[" + i + "]", "link \"" + links.get(i) + "\" is already a member of \""
                            + previous + "\"");
                }
            }
        }
    }

    private static void dhcpWithStatic(Findings f, ConfigBundle config) {
        Set<String> dhcp = new HashSet<>();
        config.all(DHCPv4Config.class).forEach(d -> dhcp.add(d.id()));
        config.all(DHCPv6Config.class).forEach(d -> dhcp.add(d.id()));
        for (LinkConfig link : config.all(LinkConfig.class)) {
            if (dhcp.contains(link.id()) && link.addresses() != null && !link.addresses().isEmpty()) {
                f.warning(link, "addresses", "static addresses and DHCP on one link: both are configured");
            }
        }
    }
}
