package dev.anvil.machined.controllers.network;

import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.Scope;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cmdline} layer of links, addresses and routes, from the kernel command line's {@code ip=} arguments as
 * Talos reads them (the Debian kernel does not act on them itself):
 * {@code ip=<client>:<server>:<gw>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>:<ntp0>} (IPv6 addresses
 * in brackets), {@code ip=<device>:dhcp}, and {@code ip=dhcp}, which is ignored. Each gives its link, up; a client
 * address (with the netmask's length, else all bits) as a permanent address; a gateway as a default route with
 * metric 1024 plus the argument's position, and, for an IPv4 gateway outside the address's prefix, a link route to
 * it. A link name is required here: Talos's pick of the first physical link is not done yet. The hostname, DNS and
 * NTP fields are parsed for the layers that use them.
 *
 * @param links     ip= links: what is up
 * @param addresses client addresses
 * @param routes    default routes through gateways
 */
public record CmdlineNetworking(List<LinkSpec> links, List<AddressSpec> addresses, List<RouteSpec> routes,
                                String hostname, List<NetIp> dnsServers, List<NetIp> ntpServers) {
    private static final ConfigLayer LAYER = ConfigLayer.CMDLINE;
    public static final CmdlineNetworking NONE = new CmdlineNetworking(List.of(), List.of(), List.of(), "",
            List.of(), List.of());

    /** Reads the {@code ip=} values of a parsed command line; a value that does not parse is an error. */
    public static CmdlineNetworking parse(KernelCmdline cmdline) {
        List<LinkSpec> links = new ArrayList<>();
        List<AddressSpec> addresses = new ArrayList<>();
        List<RouteSpec> routes = new ArrayList<>();
        List<NetIp> dns = new ArrayList<>();
        List<NetIp> ntp = new ArrayList<>();
        String hostname = "";
        List<String> values = cmdline.all("ip");
        for (int position = 0; position < values.size(); position++) {
            List<String> fields = split(values.get(position));
            if (fields.size() == 1 && fields.getFirst().equals("dhcp")) {
                continue;
            }
            if (fields.size() == 2 && fields.get(1).equals("dhcp")) {
                links.add(LinkSpec.of(fields.getFirst(), true, LAYER));
                continue;
            }
            NetIp client = null;
            int bits = -1;
            NetIp gateway = null;
            String device = "";
            for (int i = 0; i < fields.size(); i++) {
                String field = fields.get(i);
                if (field.isEmpty()) {
                    continue;
                }
                switch (i) {
                    case 0 -> client = NetIp.parse(field);
                    case 2 -> gateway = NetIp.parse(field);
                    case 3 -> bits = netmaskBits(field);
                    case 4 -> hostname = hostname.isEmpty() ? field : hostname;
                    case 5 -> device = field;
                    case 7, 8 -> dns.add(NetIp.parse(field));
                    case 9 -> ntp.add(NetIp.parse(field));
                    default -> {
                    }
                }
            }
            if (device.isEmpty()) {
                throw new IllegalArgumentException("ip=" + values.get(position)
                        + ": no device; Anvil needs the link named in the sixth field");
            }
            links.add(LinkSpec.of(device, true, LAYER));
            NetIpPrefix address = null;
            if (client != null) {
                address = NetIpPrefix.of(client, bits >= 0 ? bits : client.ip().length() * 8);
                addresses.add(AddressSpec.permanent(device, address, 0, LAYER));
            }
            if (gateway != null) {
                int metric = RouteSpec.DEFAULT_METRIC + position;
                Family family = Family.of(gateway);
                routes.add(new RouteSpec(family, null, null, gateway, device, RouteSpec.Table.MAIN, metric,
                        Scope.GLOBAL, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE, RouteSpec.Protocol.BOOT, LAYER, 0));
                if (!gateway.is6() && (address == null || !contains(address, gateway))) {
                    routes.add(new RouteSpec(Family.INET4, NetIpPrefix.of(gateway, 32),
                            address == null ? null : address.address(), null, device, RouteSpec.Table.MAIN, metric,
                            Scope.LINK, RouteSpec.Type.UNICAST, RouteSpec.Flags.NONE, RouteSpec.Protocol.BOOT,
                            LAYER, 0));
                }
            }
        }
        return new CmdlineNetworking(links, addresses, routes, hostname, dns, ntp);
    }

    /** Splits at colons outside square brackets, dropping the brackets (Talos's splitIPArgument). */
    static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ':' && depth == 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** A prefix length ({@code 24}) or a netmask ({@code 255.255.255.0}). */
    private static int netmaskBits(String field) {
        if (field.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(field);
        }
        byte[] mask = NetIp.parse(field).ip().toByteArray();
        int bits = 0;
        for (byte b : mask) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    private static boolean contains(NetIpPrefix prefix, NetIp ip) {
        byte[] network = prefix.ip().toByteArray();
        byte[] candidate = ip.ip().toByteArray();
        if (network.length != candidate.length) {
            return false;
        }
        for (int bit = 0; bit < prefix.prefixLength(); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
