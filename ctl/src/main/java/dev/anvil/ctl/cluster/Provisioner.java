package dev.anvil.ctl.cluster;

import java.util.List;

/**
 * How a local cluster's nodes run. The create command does what is common to every provisioner (secrets, configs,
 * the client context, bootstrap, waiting for health); a provisioner makes the nodes, brings each to the point where
 * it runs its config, and undoes all of it.
 */
public sealed interface Provisioner permits NamespacesProvisioner, QemuProvisioner {
    /** As --provisioner names it, and as the cluster's state file records it. */
    String name();

    /** Names the nodes' API certificates must hold besides their addresses, for the way the host reaches them. */
    List<String> certificateSans();

    /**
     * Makes the cluster's network and nodes, and returns its state once every node listens. With {@code inject}
     * each node runs its config (from {@code configs}); else it waits in maintenance mode for one.
     */
    ClusterState create(String name, int controlPlanes, int workers, Ipv4Cidr cidr, NodeConfigs configs,
            boolean inject) throws Exception;

    /** Removes what {@code state} records, each step tolerating what is already gone, then the cluster's files. */
    void destroy(ClusterState state) throws Exception;
}
