package dev.anvil.machinery.resources.cluster;

import dev.anvil.machinery.resources.ResourceTypes;

/** The cluster membership resource types (Talos's {@code cluster} namespace), for clients and servers. */
public final class ClusterResources {
    public static final String NAMESPACE = "cluster";

    private ClusterResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(Identity.DEFINITION, Identity.class)
                .with(Affiliate.DEFINITION, Affiliate.class)
                .with(Member.DEFINITION, Member.class);
    }
}
