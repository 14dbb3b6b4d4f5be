package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code HostnameSpec}: the host and domain name wanted, per layer in {@code network-config}
 * ({@code configuration/hostname}), merged into {@code network/hostname}.
 */
public record HostnameSpec(@ProtoField(1) String hostname, @ProtoField(2) String domainname,
        @ProtoField(3) @YamlName("layer") ConfigLayer layer) implements Spec {

    public static final String TYPE = "HostnameSpecs.net.talos.dev";
    public static final String ID = "hostname";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** Splits a name at its first dot into host and domain; refuses what the kernel or DNS would refuse. */
    public static HostnameSpec fromFqdn(String fqdn, ConfigLayer layer) {
        int dot = fqdn.indexOf('.');
        String host = dot < 0 ? fqdn : fqdn.substring(0, dot);
        String domain = dot < 0 ? "" : fqdn.substring(dot + 1);
        if (host.isEmpty() || host.length() > 63) {
            throw new IllegalArgumentException("invalid hostname \"" + host + "\"");
        }
        if (fqdn.length() > 253) {
            throw new IllegalArgumentException("fqdn is too long: " + fqdn.length());
        }
        return new HostnameSpec(host, domain, layer);
    }

    public String fqdn() {
        return domainname == null || domainname.isEmpty() ? hostname : hostname + "." + domainname;
    }
}
