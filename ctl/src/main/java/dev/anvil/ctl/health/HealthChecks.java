package dev.anvil.ctl.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks {@code anvilctl health} runs, in talosctl's order: etcd's first (healthy with a leader, members
 * consistent across the control planes and one each), then the nodes' own, then the control planes' VIP (held by
 * exactly one of them, when their configs have one), then the kubelets (skipped where a node has no kubelet binary).
 */
public final class HealthChecks {
    private HealthChecks() {
    }

    static List<HealthCheck> etcd() {
        return List.of(EtcdChecks.healthy(), EtcdChecks.consistent());
    }

    public static List<HealthCheck> all() {
        List<HealthCheck> all = new ArrayList<>(etcd());
        all.add(NodeChecks.apid());
        all.add(NodeChecks.booted());
        all.add(NodeChecks.services());
        all.add(NodeChecks.members());
        all.add(VipChecks.held());
        all.add(NodeChecks.kubelet());
        return all;
    }
}
