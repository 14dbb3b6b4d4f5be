package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code LinkStatus} (ID = link name): a link as the kernel reports it. Flags are the IFF_ bits as a number
 * (Talos prints their names); hardware addresses are their bytes. Not modelled: what Talos reads through ethtool,
 * sysfs and PCI (speed, duplex, port, driver, bus path, vendor, fields 13 to 21, 23 to 25, 30), alternative names,
 * and the bond, VRF and WireGuard parts (27 to 29, 32, 33).
 */
public record LinkStatus(
        @ProtoField(31) String alias,
        @ProtoField(1) int index,
        @ProtoField(2) LinkSpec.LinkType type,
        @ProtoField(3) @YamlName("linkIndex") int linkIndex,
        @ProtoField(4) int flags,
        @ProtoField(5) @YamlName("hardwareAddr") Bytes hardwareAddr,
        @ProtoField(6) @YamlName("broadcastAddr") Bytes broadcastAddr,
        @ProtoField(7) int mtu,
        @ProtoField(8) @YamlName("queueDisc") String queueDisc,
        @ProtoField(9) @YamlName("masterIndex") int masterIndex,
        @ProtoField(10) @YamlName("operationalState") OperationalState operationalState,
        @ProtoField(11) String kind,
        @ProtoField(12) @YamlName("slaveKind") String slaveKind,
        @ProtoField(22) @YamlName("linkState") boolean linkState,
        @ProtoField(26) LinkKinds.Vlan vlan,
        @ProtoField(34) LinkKinds.Veth veth) implements Spec {

    public static final String TYPE = "LinkStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final int IFF_UP = 1;

    /** Talos's test of a physical link: ethernet and no virtual kind. */
    public boolean physical() {
        return type == LinkSpec.LinkType.ETHER && kind.isEmpty();
    }

    /** The RFC 2863 operational states, numbered as the kernel's IF_OPER_ constants, with Talos's names. */
    public enum OperationalState {
        @YamlName("unknown") UNKNOWN,
        @YamlName("notPresent") NOT_PRESENT,
        @YamlName("down") DOWN,
        @YamlName("lowerLayerDown") LOWER_LAYER_DOWN,
        @YamlName("testing") TESTING,
        @YamlName("dormant") DORMANT,
        @YamlName("up") UP;

        public static OperationalState of(int number) {
            return number >= 0 && number < values().length ? values()[number] : UNKNOWN;
        }
    }
}
