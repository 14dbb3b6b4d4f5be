package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.Optional;

/**
 * Talos's {@code LinkSpec} (ID = link name): the state wanted for one link, per layer and merged. Kind-specific parts
 * are null when they do not apply (see {@link LinkKinds}); Talos's hardware address, VRF and WireGuard parts (fields
 * 13, 15, 17, 18) are not modelled yet, and a decoder skips them. Talos inlines the bond slave's fields in YAML;
 * here they sit under {@code bondSlave}.
 */
public record LinkSpec(
        @ProtoField(1) String name,
        @ProtoField(2) boolean logical,
        @ProtoField(3) boolean up,
        @ProtoField(4) int mtu,
        @ProtoField(5) String kind,
        @ProtoField(6) LinkType type,
        @ProtoField(7) @YamlName("parentName") String parentName,
        @ProtoField(8) @YamlName("bondSlave") LinkKinds.BondSlave bondSlave,
        @ProtoField(9) @YamlName("bridgeSlave") LinkKinds.BridgeSlave bridgeSlave,
        @ProtoField(10) LinkKinds.Vlan vlan,
        @ProtoField(11) @YamlName("bondMaster") LinkKinds.BondMaster bondMaster,
        @ProtoField(12) @YamlName("bridgeMaster") LinkKinds.BridgeMaster bridgeMaster,
        @ProtoField(14) @YamlName("layer") ConfigLayer layer,
        @ProtoField(16) Optional<Boolean> multicast,
        @ProtoField(19) LinkKinds.Veth veth) implements Spec {

    public static final String TYPE = "LinkSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** A physical link of the given layer, up or down, with nothing else set. */
    public static LinkSpec of(String name, boolean up, ConfigLayer layer) {
        return new LinkSpec(name, false, up, 0, "", LinkType.NETROM, "", null, null, null, null, null, layer,
                Optional.empty(), null);
    }

    /** A link the node creates (dummy, bridge, bond, vlan, veth), up, of the ethernet type. */
    public static LinkSpec logical(String name, String kind, ConfigLayer layer) {
        return new LinkSpec(name, true, true, 0, kind, LinkType.ETHER, "", null, null, null, null, null, layer,
                Optional.empty(), null);
    }

    public LinkSpec withUp(boolean value) {
        return new LinkSpec(name, logical, value, mtu, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                bondMaster, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withMtu(int value) {
        return new LinkSpec(name, logical, up, value, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                bondMaster, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withMulticast(boolean value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                bondMaster, bridgeMaster, layer, Optional.of(value), veth);
    }

    /** A VLAN on {@code parent}. */
    public LinkSpec withVlan(String parent, LinkKinds.Vlan value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parent, bondSlave, bridgeSlave, value,
                bondMaster, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withBondMaster(LinkKinds.BondMaster value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                value, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withBridgeMaster(LinkKinds.BridgeMaster value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                bondMaster, value, layer, multicast, veth);
    }

    public LinkSpec withBondSlave(LinkKinds.BondSlave value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, value, bridgeSlave, vlan,
                bondMaster, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withBridgeSlave(LinkKinds.BridgeSlave value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, bondSlave, value, vlan,
                bondMaster, bridgeMaster, layer, multicast, veth);
    }

    public LinkSpec withVeth(LinkKinds.Veth value) {
        return new LinkSpec(name, logical, up, mtu, kind, type, parentName, bondSlave, bridgeSlave, vlan,
                bondMaster, bridgeMaster, layer, multicast, value);
    }

    /**
     * This spec overlaid with a spec of a higher layer, as Talos merges link layers: every field the other sets
     * (non-zero) wins, and the result takes the other's layer.
     */
    public LinkSpec merge(LinkSpec other) {
        return new LinkSpec(name, logical || other.logical, up || other.up, other.mtu != 0 ? other.mtu : mtu,
                nonEmpty(other.kind, kind), other.type != LinkType.NETROM ? other.type : type,
                nonEmpty(other.parentName, parentName), or(other.bondSlave, bondSlave),
                or(other.bridgeSlave, bridgeSlave), or(other.vlan, vlan), or(other.bondMaster, bondMaster),
                or(other.bridgeMaster, bridgeMaster), other.layer,
                other.multicast.isPresent() ? other.multicast : multicast, or(other.veth, veth));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String nonEmpty(String preferred, String fallback) {
        return preferred == null || preferred.isEmpty() ? fallback : preferred;
    }

    /** A link's hardware type, numbered as the kernel's ARPHRD_ constants (Talos's nethelpers.LinkType). */
    public enum LinkType {
        @ProtoField(0) NETROM,
        @ProtoField(1) ETHER,
        @ProtoField(768) IPIP,
        @ProtoField(769) TUNNEL6,
        @ProtoField(772) LOOPBACK,
        @ProtoField(776) SIT,
        @ProtoField(778) GRE,
        @ProtoField(823) IP6GRE,
        @ProtoField(65534) NONE,
        @ProtoField(65535) VOID;

        /** The constant with the kernel's number; an ARPHRD_ type not listed here reads as VOID. */
        public static LinkType of(int number) {
            for (LinkType type : values()) {
                try {
                    if (LinkType.class.getField(type.name()).getAnnotation(ProtoField.class).value() == number) {
                        return type;
                    }
                } catch (NoSuchFieldException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            return VOID;
        }
    }
}
