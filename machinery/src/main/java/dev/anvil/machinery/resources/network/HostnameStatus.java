package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;

/** Talos's {@code HostnameStatus} ({@code network/hostname}): the host and domain name the node has set. */
public record HostnameStatus(@ProtoField(1) String hostname, @ProtoField(2) String domainname) implements Spec {
    public static final String TYPE = "HostnameStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
}
