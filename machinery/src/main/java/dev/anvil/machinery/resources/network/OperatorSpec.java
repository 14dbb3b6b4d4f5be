package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code OperatorSpec} (ID {@code dhcp4/eth0}): a network operator to run on a link, per layer in {@code
 * network-config} and merged into {@code network}. Anvil runs the DHCPv4 operator; Talos's DHCPv6 and VIP parts
 * (fields 5 and 6) are not modelled yet, and a decoder skips them.
 */
public record OperatorSpec(
        @ProtoField(1) Operator operator,
        @ProtoField(2) @YamlName("linkName") String linkName,
        @ProtoField(3) @YamlName("requireUp") boolean requireUp,
        @ProtoField(4) Dhcp4 dhcp4,
        @ProtoField(7) @YamlName("layer") ConfigLayer layer) implements Spec {

    public static final String TYPE = "OperatorSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** Talos's OperatorID: {@code operator/link}. */
    public String id() {
        return operator.name().toLowerCase(java.util.Locale.ROOT) + "/" + linkName;
    }

    /** The same operator with the same settings, whatever layer it came from (Talos's Equal). */
    public boolean sameAs(OperatorSpec other) {
        return operator == other.operator && linkName.equals(other.linkName) && requireUp == other.requireUp
                && java.util.Objects.equals(dhcp4, other.dhcp4);
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
