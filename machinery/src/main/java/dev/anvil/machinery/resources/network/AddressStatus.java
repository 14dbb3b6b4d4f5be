package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code AddressStatus} (ID {@code link/address} as {@link AddressSpec#id()}): an address as the kernel
 * reports it. Flags are the IFA_F_ bits as a number (Talos prints their names); anycast and multicast addresses
 * (fields 4, 5) are not reported.
 */
public record AddressStatus(
        @ProtoField(1) NetIpPrefix address,
        @ProtoField(2) NetIp local,
        @ProtoField(3) NetIp broadcast,
        @ProtoField(6) @YamlName("linkIndex") int linkIndex,
        @ProtoField(7) @YamlName("linkName") String linkName,
        @ProtoField(8) Family family,
        @ProtoField(9) Scope scope,
        @ProtoField(10) int flags,
        @ProtoField(11) int priority) implements Spec {

    public static final String TYPE = "AddressStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);

    public String id() {
        return linkName + "/" + address;
    }
}
