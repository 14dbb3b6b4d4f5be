package dev.anvil.ctl.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks {@code anvilctl health} runs, in talosctl's order: etcd's first (added here by the etcd commands,
 * built on EtcdMemberList: etcd healthy, members consistent across nodes, members are the control planes), then
 * the nodes' own.
 */
public final class HealthChecks {
    private HealthChecks() {
    }

    /** The etcd checks; none until the node API serves EtcdMemberList. */
    static List<HealthCheck> etcd() {
        return List.of();
    }

    public static List<HealthCheck> all() {
        List<HealthCheck> all = new ArrayList<>(etcd());
        all.add(NodeChecks.apid());
        all.add(NodeChecks.booted());
        all.add(NodeChecks.services());
        all.add(NodeChecks.members());
        return all;
    }
}
