package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.MergeKey;
import dev.anvil.machinery.config.schema.NotImplemented;
import dev.anvil.machinery.config.schema.Obsolete;
import dev.anvil.machinery.config.schema.YamlKey;
import java.util.List;

/** {@code machine.network}: hostname, links, addresses, routes and resolvers of the node. */
public record NetworkConfig(
        String hostname,
        @MergeKey({"interface", "deviceSelector"}) List<Device> interfaces,
        List<String> nameservers,
        List<String> searchDomains,
        List<ExtraHost> extraHostEntries,
        @NotImplemented("KubeSpan") KubeSpan kubespan,
        Boolean disableSearchDomain) {

    /** One link: selected by name or by a device selector. */
    public record Device(
            @YamlKey("interface") String interfaceName,
            DeviceSelector deviceSelector,
            List<String> addresses,
            @Obsolete("use addresses") String cidr,
            List<Route> routes,
            Bond bond,
            Bridge bridge,
            BridgePort bridgePort,
            @MergeKey("vlanId") List<Vlan> vlans,
            Integer mtu,
            Boolean dhcp,
            Boolean ignore,
            Boolean dummy,
            DhcpOptions dhcpOptions,
            @NotImplemented("WireGuard links") Wireguard wireguard,
            Vip vip) {
    }

    public record DeviceSelector(String busPath, String hardwareAddr, String permanentAddr, String pciID,
                                 String driver, Boolean physical) {
    }

    public record Route(String network, String gateway, String source, Long metric, Long mtu) {
    }

    public record Bond(
            List<String> interfaces,
            List<DeviceSelector> deviceSelectors,
            List<String> arpIPTarget,
            String mode,
            String xmitHashPolicy,
            String lacpRate,
            String adActorSystem,
            String arpValidate,
            String arpAllTargets,
            String primary,
            String primaryReselect,
            String failOverMac,
            String adSelect,
            Long miimon,
            Long updelay,
            Long downdelay,
            Long arpInterval,
            Long resendIgmp,
            Long minLinks,
            Long lpInterval,
            Long packetsPerSlave,
            Integer numPeerNotif,
            Integer tlbDynamicLb,
            Integer allSlavesActive,
            Boolean useCarrier,
            Integer adActorSysPrio,
            Integer adUserPortKey,
            Long peerNotifyDelay) {
    }

    public record Bridge(List<String> interfaces, Stp stp, BridgeVlan vlan) {
    }

    public record Stp(Boolean enabled) {
    }

    public record BridgeVlan(Boolean vlanFiltering) {
    }

    public record BridgePort(String master) {
    }

    public record Vlan(List<String> addresses, @Obsolete("use addresses") String cidr, List<Route> routes,
                       Boolean dhcp, Integer vlanId, Long mtu, Vip vip, DhcpOptions dhcpOptions) {
    }

    public record DhcpOptions(Long routeMetric, Boolean ipv4, Boolean ipv6, String duidv6) {
    }

    public record Wireguard(String privateKey, Integer listenPort, Integer firewallMark, List<WireguardPeer> peers) {
    }

    public record WireguardPeer(String publicKey, String endpoint, String persistentKeepaliveInterval,
                                List<String> allowedIPs) {
    }

    public record Vip(String ip,
                      @NotImplemented("the Equinix Metal VIP API") ApiToken equinixMetal,
                      @NotImplemented("the Hetzner Cloud VIP API") ApiToken hcloud) {
    }

    public record ApiToken(String apiToken) {
    }

    public record ExtraHost(String ip, List<String> aliases) {
    }

    public record KubeSpan(Boolean enabled, Boolean advertiseKubernetesNetworks, Boolean allowDownPeerBypass,
                           Boolean harvestExtraEndpoints, Long mtu, KubeSpanFilters filters) {
    }

    public record KubeSpanFilters(List<String> endpoints, List<String> excludeAdvertisedNetworks) {
    }
}
