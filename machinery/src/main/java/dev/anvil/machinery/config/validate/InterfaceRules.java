package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for {@code machine.network}: hostname, resolvers and the per-link settings under {@code interfaces}. */
final class InterfaceRules {

    private InterfaceRules() {
    }

    static void check(Findings f, V1Alpha1 doc) {
        NetworkConfig network = doc.machine() == null ? null : doc.machine().network();
        if (network == null) {
            return;
        }
        f.check(doc, "machine.network.hostname", network.hostname(), Formats::hostname);
        f.checkAll(doc, "machine.network.nameservers", network.nameservers(), Formats::ip);
        f.checkAll(doc, "machine.network.searchDomains", network.searchDomains(), Formats::hostname);
        if (network.extraHostEntries() != null) {
            for (int i = 0; i < network.extraHostEntries().size(); i++) {
                f.check(doc, "machine.network.extraHostEntries[" + i + "].ip",
                        network.extraHostEntries().get(i).ip(), Formats::ip);
            }
        }
        List<NetworkConfig.Device> devices = network.interfaces() == null ? List.of() : network.interfaces();
        Set<String> names = new HashSet<>();
        Map<String, String> memberOf = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            var device = devices.get(i);
            String path = "machine.network.interfaces[" + i + "]";
            boolean named = device.interfaceName() != null && !device.interfaceName().isEmpty();
            if (named == (device.deviceSelector() != null)) {
                f.error(doc, path, "set exactly one of interface and deviceSelector");
            }
            if (named && !names.add(device.interfaceName())) {
                f.error(doc, path + ".interface", "interface \"" + device.interfaceName() + "\" is configured twice");
            }
            if (named && device.interfaceName().length() > 15) {
                f.error(doc, path + ".interface", "link names have at most 15 characters");
            }
            addressing(f, doc, path, device.addresses(), device.routes(), device.dhcp());
            f.check(doc, path + ".cidr", device.cidr(), Formats::cidr);
            if (device.mtu() != null) {
                mtu(f, doc, path + ".mtu", device.mtu());
            }
            if (device.bond() != null && device.bridge() != null) {
                f.error(doc, path, "a link is either a bond or a bridge, not both");
            }
            if (device.bond() != null) {
                bond(f, doc, path + ".bond", device.bond());
                members(f, doc, path + ".bond.interfaces", device.bond().interfaces(), device.interfaceName(),
                        memberOf);
            }
            if (device.bridge() != null) {
                members(f, doc, path + ".bridge.interfaces", device.bridge().interfaces(), device.interfaceName(),
                        memberOf);
            }
            vlans(f, doc, path, device.vlans());
            if (device.vip() != null) {
                f.check(doc, path + ".vip.ip", device.vip().ip(), Formats::ip);
            }
        }
    }

    static void addressing(Findings f, V1Alpha1 doc, String path, List<String> addresses,
                           List<NetworkConfig.Route> routes, Boolean dhcp) {
        f.checkAll(doc, path + ".addresses", addresses, Formats::cidr);
        if (Boolean.TRUE.equals(dhcp) && addresses != null && !addresses.isEmpty()) {
            f.warning(doc, path, "static addresses and DHCP on one link: both are configured");
        }
        if (routes != null) {
            for (int r = 0; r < routes.size(); r++) {
                var route = routes.get(r);
                String routePath = path + ".routes[" + r + "]";
                if (route.network() != null && !route.network().isEmpty()) {
                    f.check(doc, routePath + ".network", route.network(), Formats::cidr);
                }
                if (route.gateway() != null && !route.gateway().isEmpty()) {
                    f.check(doc, routePath + ".gateway", route.gateway(), Formats::ip);
                }
                if (route.source() != null && !route.source().isEmpty()) {
                    f.check(doc, routePath + ".source", route.source(), Formats::ip);
                }
            }
        }
    }

    static void mtu(Findings f, dev.anvil.machinery.config.document.ConfigDocument doc, String path, long mtu) {
        if (mtu < 68 || mtu > 65535) {
            f.error(doc, path, "MTU must be 68..65535");
        }
    }

    private static void bond(Findings f, V1Alpha1 doc, String path, NetworkConfig.Bond bond) {
        if (bond.mode() == null || !Bonding.MODES.contains(bond.mode())) {
            f.error(doc, path + ".mode", "bond mode must be one of " + Bonding.MODES);
            return;
        }
        Map<String, Object> options = new HashMap<>();
        options.put("lacpRate", bond.lacpRate());
        options.put("adSelect", bond.adSelect());
        options.put("xmitHashPolicy", bond.xmitHashPolicy());
        options.put("primary", bond.primary());
        options.put("packetsPerSlave", bond.packetsPerSlave());
        options.put("tlbDynamicLb", bond.tlbDynamicLb());
        options.forEach((option, value) -> {
            if (value != null && !Bonding.OPTION_MODES.get(option).contains(bond.mode())) {
                f.error(doc, path + "." + option, option + " is not used in bond mode " + bond.mode());
            }
        });
        if (bond.lacpRate() != null && !Bonding.LACP_RATES.contains(bond.lacpRate())) {
            f.error(doc, path + ".lacpRate", "lacpRate must be slow or fast");
        }
        if (bond.xmitHashPolicy() != null && !Bonding.HASH_POLICIES.contains(bond.xmitHashPolicy())) {
            f.error(doc, path + ".xmitHashPolicy", "xmitHashPolicy must be one of " + Bonding.HASH_POLICIES);
        }
        if (bond.interfaces() != null && !bond.interfaces().isEmpty()
                && bond.deviceSelectors() != null && !bond.deviceSelectors().isEmpty()) {
            f.error(doc, path, "set either interfaces or deviceSelectors for bond members, not both");
        }
    }

    /** A link may be a member of at most one bond or bridge. */
    private static void members(Findings f, V1Alpha1 doc, String path, List<String> members, String owner,
                                Map<String, String> memberOf) {
        if (members == null) {
            return;
        }
        for (int m = 0; m < members.size(); m++) {
            String previous = memberOf.putIfAbsent(members.get(m), owner);
            if (previous != null) {
                f.error(doc, path + "[" + m + "]", "link \"" + members.get(m) + "\" is already a member of \""
                        + previous + "\"");
            }
        }
    }

    private static void vlans(Findings f, V1Alpha1 doc, String path, List<NetworkConfig.Vlan> vlans) {
        if (vlans == null) {
            return;
        }
        Set<Integer> ids = new HashSet<>();
        for (int v = 0; v < vlans.size(); v++) {
            var vlan = vlans.get(v);
            String vlanPath = path + ".vlans[" + v + "]";
            if (vlan.vlanId() == null || vlan.vlanId() < 1 || vlan.vlanId() > 4094) {
                f.error(doc, vlanPath + ".vlanId", "a VLAN id 1..4094 is required");
            } else if (!ids.add(vlan.vlanId())) {
                f.error(doc, vlanPath + ".vlanId", "VLAN " + vlan.vlanId() + " is configured twice");
            }
            addressing(f, doc, vlanPath, vlan.addresses(), vlan.routes(), vlan.dhcp());
            f.check(doc, vlanPath + ".cidr", vlan.cidr(), Formats::cidr);
            if (vlan.mtu() != null) {
                mtu(f, doc, vlanPath + ".mtu", vlan.mtu());
            }
            if (vlan.vip() != null) {
                f.check(doc, vlanPath + ".vip.ip", vlan.vip().ip(), Formats::ip);
            }
        }
    }
}
