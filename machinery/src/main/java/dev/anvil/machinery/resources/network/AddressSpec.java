package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/** Talos's {@code AddressSpec} (ID {@code link/address}, e.g. {@code eth0/10.5.0.2/24}): an address wanted on a link. */
public record AddressSpec(
        @ProtoField(1) NetIpPrefix address,
        @ProtoField(2) @YamlName("linkName") String linkName,
        @ProtoField(3) Family family,
        @ProtoField(4) Scope scope,
        @ProtoField(5) Flags flags,
        @ProtoField(6) @YamlName("announceWithARP") boolean announceWithArp,
        @ProtoField(8) int priority,
        @ProtoField(7) @YamlName("layer") ConfigLayer layer) implements Spec {

    public static final String TYPE = "AddressSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** A permanent global address, as the machine config's addresses become. */
    public static AddressSpec permanent(String linkName, NetIpPrefix address, int priority, ConfigLayer layer) {
        return new AddressSpec(address, linkName, address.is6() ? Family.INET6 : Family.INET4, Scope.GLOBAL,
                Flags.PERMANENT, false, priority, layer);
    }

    /** Talos's AddressID. */
    public String id() {
        return linkName + "/" + address;
    }

    /**
     * The address flags (a bit set in the kernel, IFA_F_*): only the combinations Anvil writes, with the kernel's
     * numbers and Talos's names.
     */
    public enum Flags {
        @ProtoField(0) @YamlName("") NONE,
        @ProtoField(0x80) @YamlName("permanent") PERMANENT
    }
}
