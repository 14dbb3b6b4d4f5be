package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.Optional;

/**
 * Talos's {@code LinkSpec} (ID = link name): the state wanted for one link, per layer and merged. Anvil holds the
 * fields its config produces; Talos's bond, bridge, VLAN, VRF, WireGuard and veth parts (fields 8 to 13, 15, 17 to
 * 19) are not modelled yet, and a decoder skips them.
 */
public record LinkSpec(
        @ProtoField(1) String name,
        @ProtoField(2) boolean logical,
        @ProtoField(3) boolean up,
        @ProtoField(4) int mtu,
        @ProtoField(5) String kind,
        @ProtoField(6) LinkType type,
        @ProtoField(7) @YamlName("parentName") String parentName,
        @ProtoField(14) @YamlName("layer") ConfigLayer layer,
        @ProtoField(16) Optional<Boolean> multicast) implements Spec {

    public static final String TYPE = "LinkSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** A physical link of the given layer, up or down, with nothing else set. */
    public static LinkSpec of(String name, boolean up, ConfigLayer layer) {
        return new LinkSpec(name, false, up, 0, "", LinkType.NETROM, "", layer, Optional.empty());
    }

    public LinkSpec withUp(boolean value) {
        return new LinkSpec(name, logical, value, mtu, kind, type, parentName, layer, multicast);
    }

    public LinkSpec withMtu(int value) {
        return new LinkSpec(name, logical, up, value, kind, type, parentName, layer, multicast);
    }

    public LinkSpec withMulticast(boolean value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, layer, Optional.of(value));
    }

    /**
     * This spec overlaid with a spec of a higher layer, as Talos merges link layers: every field the other sets
     * (non-zero) wins, and the result takes the other's layer.
     */
    public LinkSpec merge(LinkSpec other) {
        return new LinkSpec(name, logical || other.logical, up || other.up, other.mtu != 0 ? other.mtu : mtu,
                nonEmpty(other.kind, kind), other.type != LinkType.NETROM ? other.type : type,
                nonEmpty(other.parentName, parentName), other.layer,
                other.multicast.isPresent() ? other.multicast : multicast);
    }

    private static String nonEmpty(String preferred, String fallback) {
        return preferred == null || preferred.isEmpty() ? fallback : preferred;
    }

    /** A link's hardware type, numbered as the kernel's ARPHRD_ constants (Talos's nethelpers.LinkType). */
    public enum LinkType {
        @ProtoField(0) NETROM,
        @ProtoField(1) ETHER,
        @ProtoField(772) LOOPBACK,
        @ProtoField(65534) NONE,
        @ProtoField(65535) VOID
    }
}
