package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.DHCPv4Config;
import dev.anvil.machinery.config.document.Layer2VIPConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.OperatorSpec.ClientIdentifier;
import dev.anvil.machinery.resources.network.RouteSpec;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code configuration} layer of operators, as Talos reads the config: a DHCPv4 operator for each link of
 * {@code machine.network.interfaces} (and each of its VLANs, named {@code link.vlanId}) with {@code dhcp: true}
 * and IPv4 not turned off in {@code dhcpOptions}, and for each DHCPv4Config document. No route metric is Talos's
 * 1024. A VIP operator for each {@code vip} of a link or VLAN and each Layer2VIPConfig document (announced with
 * gratuitous ARP when IPv4). Not yet: DHCPv6, kernel cmdline {@code ip=} operators, and Talos's default DHCP on physical links
 * without config (container-mode nodes have none).
 */
public final class OperatorConfigController extends ConfigSpecController<OperatorSpec> {
    public OperatorConfigController() {
        super("network.OperatorConfigController", OperatorSpec.CONFIG_KIND);
    }

    @Override
    protected List<Keyed<OperatorSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return config.map(OperatorConfigController::specs).orElse(List.of()).stream()
                .map(s -> new Keyed<>(s.layer().layeredId(s.id()), s)).toList();
    }

    static List<OperatorSpec> specs(ConfigBundle config) {
        List<OperatorSpec> specs = new ArrayList<>();
        List<NetworkConfig.Device> devices = config.v1alpha1()
                .map(v -> v.machine() == null || v.machine().network() == null ? null
                        : v.machine().network().interfaces())
                .orElse(null);
        for (NetworkConfig.Device device : devices == null ? List.<NetworkConfig.Device>of() : devices) {
            String name = device.interfaceName();
            if (name == null || name.isEmpty() || Boolean.TRUE.equals(device.ignore())) {
                continue;
            }
            if (Boolean.TRUE.equals(device.dhcp()) && ipv4(device.dhcpOptions())) {
                specs.add(dhcp4(name, metric(device.dhcpOptions()), false, false, ClientIdentifier.NONE));
            }
            vip(name, device.vip()).ifPresent(specs::add);
            for (NetworkConfig.Vlan vlan : device.vlans() == null ? List.<NetworkConfig.Vlan>of() : device.vlans()) {
                if (Boolean.TRUE.equals(vlan.dhcp()) && ipv4(vlan.dhcpOptions()) && vlan.vlanId() != null) {
                    specs.add(dhcp4(name + "." + vlan.vlanId(), metric(vlan.dhcpOptions()), false, false,
                            ClientIdentifier.NONE));
                }
                if (vlan.vlanId() != null) {
                    vip(name + "." + vlan.vlanId(), vlan.vip()).ifPresent(specs::add);
                }
            }
        }
        for (Layer2VIPConfig doc : config.all(Layer2VIPConfig.class)) {
            vip(doc.link(), new NetworkConfig.Vip(doc.name(), null, null)).ifPresent(specs::add);
        }
        for (DHCPv4Config doc : config.all(DHCPv4Config.class)) {
            specs.add(dhcp4(doc.id(), doc.routeMetric() == null ? RouteSpec.DEFAULT_METRIC
                    : doc.routeMetric().intValue(), Boolean.TRUE.equals(doc.ignoreHostname()),
                    Boolean.TRUE.equals(doc.ignoreRoutes()), clientIdentifier(doc)));
        }
        return specs;
    }

    private static OperatorSpec dhcp4(String link, int metric, boolean skipHostname, boolean skipRoutes,
            ClientIdentifier identifier) {
        return new OperatorSpec(OperatorSpec.Operator.DHCP4, link, true,
                new OperatorSpec.Dhcp4(metric, skipHostname, identifier, skipRoutes), null, ConfigLayer.CONFIGURATION);
    }

    /** The shared IPs the config has this node campaign for (its VIP operators'). */
    public static List<InetAddress> vips(ConfigBundle config) {
        return specs(config).stream().filter(s -> s.vip() != null).map(s -> s.vip().ip().toInetAddress()).toList();
    }

    private static Optional<OperatorSpec> vip(String link, NetworkConfig.Vip vip) {
        if (vip == null || vip.ip() == null || vip.ip().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OperatorSpec(OperatorSpec.Operator.VIP, link, true, null,
                    new OperatorSpec.Vip(NetIp.parse(vip.ip()), true), ConfigLayer.CONFIGURATION));
        } catch (IllegalArgumentException e) {
            Log.warn("ignoring a VIP that is not an IP address", "link", link, "ip", vip.ip());
            return Optional.empty();
        }
    }

    private static boolean ipv4(NetworkConfig.DhcpOptions options) {
        return options == null || options.ipv4() == null || options.ipv4();
    }

    private static int metric(NetworkConfig.DhcpOptions options) {
        return options == null || options.routeMetric() == null || options.routeMetric() == 0
                ? RouteSpec.DEFAULT_METRIC : options.routeMetric().intValue();
    }

    private static ClientIdentifier clientIdentifier(DHCPv4Config doc) {
        String kind = doc.clientIdentifier() == null ? "none" : doc.clientIdentifier().toLowerCase(Locale.ROOT);
        String duid = doc.duidRaw() == null ? "" : doc.duidRaw().replace(":", "").toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "mac" -> new ClientIdentifier(ClientIdentifier.Kind.MAC, "");
            case "duid" -> new ClientIdentifier(ClientIdentifier.Kind.DUID, duid);
            default -> ClientIdentifier.NONE;
        };
    }
}
