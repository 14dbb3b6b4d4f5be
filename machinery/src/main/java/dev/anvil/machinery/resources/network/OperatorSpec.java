package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code OperatorSpec} (ID {@code dhcp4/eth0}): a network operator to run on a link, per layer in {@code
 * network-config} and merged into {@code network}. Anvil runs the DHCPv4 and the VIP operators; Talos's DHCPv6 part
 * (field 5) is not modelled yet, and a decoder skips it. Each operator's own part is null for the others.
 */
public record OperatorSpec(
        @ProtoField(1) Operator operator,
        @ProtoField(2) @YamlName("linkName") String linkName,
        @ProtoField(3) @YamlName("requireUp") boolean requireUp,
        @ProtoField(4) Dhcp4 dhcp4,
        @ProtoField(6) Vip vip,
        @ProtoField(7) @YamlName("layer") ConfigLayer layer) implements Spec {

    public static final String TYPE = "OperatorSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** Talos's OperatorID: {@code operator/link}, and the shared IP for a VIP ({@code vip/eth0/10.5.0.100}). */
    public String id() {
        String id = operator.name().toLowerCase(java.util.Locale.ROOT) + "/" + linkName;
        return operator == Operator.VIP && vip != null ? id + "/" + vip.ip() : id;
    }

    /** The same operator with the same settings, whatever layer it came from (Talos's Equal). */
    public boolean sameAs(OperatorSpec other) {
        return operator == other.operator && linkName.equals(other.linkName) && requireUp == other.requireUp
                && java.util.Objects.equals(dhcp4, other.dhcp4) && java.util.Objects.equals(vip, other.vip);
    }

    public enum Operator {
        @ProtoField(0) DHCP4,
        @ProtoField(1) DHCP6,
        @ProtoField(2) VIP
    }

    /** Talos's DHCP4OperatorSpec. */
    public record Dhcp4(
            @ProtoField(1) @YamlName("routeMetric") int routeMetric,
            @ProtoField(2) @YamlName("skipHostnameRequest") boolean skipHostnameRequest,
            @ProtoField(3) @YamlName("clientIdentifier") ClientIdentifier clientIdentifier,
            @ProtoField(4) @YamlName("skipRoutes") boolean skipRoutes) {
    }

    /**
     * Talos's VIPOperatorSpec: the shared IP one control plane holds at a time, and whether its holder announces it
     * with gratuitous ARP. Talos's Equinix Metal and Hetzner Cloud parts (fields 3 and 4) are not modelled.
     */
    public record Vip(
            @ProtoField(1) NetIp ip,
            @ProtoField(2) @YamlName("gratuitousARP") boolean gratuitousArp) {
    }

    /** Talos's ClientIdentifierSpec: how the client names itself, and the raw DUID (hex) for {@code duid}. */
    public record ClientIdentifier(
            @ProtoField(1) @YamlName("clientIdentifier") Kind kind,
            @ProtoField(2) @YamlName("duidRawHex") String duidRawHex) {
        public static final ClientIdentifier NONE = new ClientIdentifier(Kind.NONE, "");

        /** Talos's nethelpers.ClientIdentifier. */
        public enum Kind {
            @ProtoField(0) NONE,
            @ProtoField(1) MAC,
            @ProtoField(2) DUID
        }
    }
}
