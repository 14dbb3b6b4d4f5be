package dev.anvil.machinery.resources.network;

import dev.anvil.machinery.resources.ResourceTypes;

import java.util.Set;

/** The network resource types (Talos's {@code *.net.talos.dev}), and their registration for clients and servers. */
public final class NetworkResources {
    /** Where merged specs and statuses live. */
    public static final String NAMESPACE = "network";
    /** Where each layer's specs live, before the merge. */
    public static final String CONFIG_NAMESPACE = "network-config";

    /** Types only os:admin may read: link specs may carry keys (WireGuard), so Talos marks them sensitive. */
    public static final Set<String> SENSITIVE = Set.of(LinkSpec.TYPE);

    private NetworkResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(HostnameSpec.TYPE, HostnameSpec.class)
                .with(HostnameStatus.TYPE, HostnameStatus.class)
                .with(ResolverSpec.TYPE, ResolverSpec.class)
                .with(TimeServerSpec.TYPE, TimeServerSpec.class)
                .with(LinkSpec.TYPE, LinkSpec.class)
                .with(AddressSpec.TYPE, AddressSpec.class)
                .with(RouteSpec.TYPE, RouteSpec.class);
    }
}
