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
import dev.anvil.machinery.config.document.LinkAliasConfig;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.document.ContainerServiceConfig;
import dev.anvil.machinery.config.document.MachinedLogConfig;
import dev.anvil.machinery.config.document.MetricsConfig;
import dev.anvil.machinery.config.document.UpgradeTrustConfig;
import dev.anvil.machinery.config.document.ResolverConfig;
import dev.anvil.machinery.config.document.StaticHostConfig;
import dev.anvil.machinery.config.document.SysctlConfig;
import dev.anvil.machinery.config.document.SysfsConfig;
import dev.anvil.machinery.config.document.TimeSyncConfig;
import dev.anvil.machinery.config.document.VLANConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Rules for the multi-document kinds, one document at a time and across documents. */
final class DocumentRules {

    private DocumentRules() {
    }

    static void check(Findings f, ConfigBundle config, ValidationMode mode) {
        for (ConfigDocument doc : config.documents()) {
            switch (doc) {
                case HostnameConfig h -> hostname(f, h);
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
                case BondConfig b -> bond(f, b);
                case DHCPv4Config d -> clientIdentifier(f, d, d.clientIdentifier(), d.duidRaw());
                case DHCPv6Config d -> clientIdentifier(f, d, d.clientIdentifier(), d.duidRaw());
                case LinkAliasConfig a when a.selector() == null || a.selector().match() == null
                        || a.selector().match().isEmpty() -> f.error(a, "selector.match", "a link selector is required");
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
                case ContainerServiceConfig c -> containerService(f, c);
                case MachinedLogConfig l when l.format() != null && !Set.of("text", "json").contains(l.format()) ->
                        f.error(l, "format", "format must be text or json");
                case MetricsConfig m when m.listenAddress() == null || m.listenAddress().isEmpty() ->
                        f.error(m, "listenAddress", "the address to serve metrics on is required, as IP:port or :port"
                                + " (e.g. :9101)");
                case MetricsConfig m -> f.check(m, "listenAddress", m.listenAddress(), Formats::listenAddress);
                case UpgradeTrustConfig u when u.publicKeys().isEmpty() ->
                        f.error(u, "publicKeys", "at least one public key (PEM) is required");
                case UpgradeTrustConfig u -> f.checkAll(u, "publicKeys", u.publicKeys(), Formats::upgradePublicKey);
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

    private static void containerService(Findings f, ContainerServiceConfig c) {
        if (c.name() == null || !c.name().matches("[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?")) {
            f.error(c, "name", "a name of lower-case letters, digits and dashes is required");
        }
        if (c.image() == null || c.image().isBlank()) {
            f.error(c, "image", "the image (as imported: anvilctl image import) is required");
        }
        if (c.environment() != null) {
            for (int i = 0; i < c.environment().size(); i++) {
                String e = c.environment().get(i);
                if (e == null || e.indexOf('=') <= 0) {
                    f.error(c, "environment[" + i + "]", "an entry is KEY=value");
                }
            }
        }
        if (c.restart() != null && !ContainerServiceConfig.RESTART.contains(c.restart())) {
            f.error(c, "restart", "restart must be one of " + String.join(", ", ContainerServiceConfig.RESTART));
        }
    }

    private static void hostname(Findings f, HostnameConfig h) {
        boolean fixed = h.hostname() != null && !h.hostname().isEmpty();
        boolean auto = h.auto() != null && !h.auto().isEmpty();
        if (fixed == auto) {
            f.error(h, "", "set exactly one of hostname and auto");
        }
        if (auto && !Set.of("stable", "off").contains(h.auto())) {
            f.error(h, "auto", "auto must be stable or off");
        }
        f.check(h, "hostname", h.hostname(), Formats::hostname);
    }

    private static void resolver(Findings f, ResolverConfig r) {
        if (r.nameservers() != null) {
            for (int i = 0; i < r.nameservers().size(); i++) {
                var nameserver = r.nameservers().get(i);
                String path = "nameservers[" + i + "]";
                f.check(r, path + ".address", nameserver.address(), Formats::ip);
                String protocol = nameserver.protocol() == null ? "do53" : nameserver.protocol().toLowerCase(Locale.ROOT);
                boolean hasServerName = nameserver.tlsServerName() != null && !nameserver.tlsServerName().isEmpty();
                if (!Set.of("do53", "dot", "doh").contains(protocol)) {
                    f.error(r, path + ".protocol", "protocol must be Do53, DoT or DoH");
                } else if (protocol.equals("do53") == hasServerName) {
                    f.error(r, path + ".tlsServerName", protocol.equals("do53")
                            ? "tlsServerName is only for DoT and DoH" : "DoT and DoH need a tlsServerName");
                }
            }
        }
        var hostDns = r.hostDNS();
        if (hostDns != null && Boolean.FALSE.equals(hostDns.enabled())
                && (Boolean.TRUE.equals(hostDns.forwardKubeDNSToHost())
                || Boolean.TRUE.equals(hostDns.resolveMemberNames()))) {
            f.error(r, "hostDNS", "forwardKubeDNSToHost and resolveMemberNames need hostDNS enabled");
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

    private static void bond(Findings f, BondConfig b) {
        link(f, b, b.mtu(), b.addresses(), b.routes());
        if (b.links() == null || b.links().isEmpty()) {
            f.error(b, "links", "at least one link is required");
        }
        if (b.bondMode() == null || !Bonding.MODES.contains(b.bondMode())) {
            f.error(b, "bondMode", "bond mode must be one of " + Bonding.MODES);
        } else if (b.primary() != null && !Bonding.OPTION_MODES.get("primary").contains(b.bondMode())) {
            f.error(b, "primary", "primary is not used in bond mode " + b.bondMode());
        }
        if (b.primary() != null && (b.links() == null || !b.links().contains(b.primary()))) {
            f.error(b, "primary", "the primary link must be one of the bond's links");
        }
    }

    private static void clientIdentifier(Findings f, ConfigDocument doc, String identifier, String duidRaw) {
        if (identifier != null && !Set.of("none", "mac", "duid").contains(identifier)) {
            f.error(doc, "clientIdentifier", "clientIdentifier must be none, mac or duid");
        } else if ("duid".equals(identifier) != (duidRaw != null && !duidRaw.isEmpty())) {
            f.error(doc, "duidRaw", "duidRaw is set exactly when clientIdentifier is duid");
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
