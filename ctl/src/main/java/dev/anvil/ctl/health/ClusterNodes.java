package dev.anvil.ctl.health;

import java.util.ArrayList;
import java.util.List;

/** The nodes a health check expects, by address: the control planes and the workers. */
public record ClusterNodes(List<String> controlPlanes, List<String> workers) {
    public ClusterNodes {
        controlPlanes = List.copyOf(controlPlanes);
        workers = List.copyOf(workers);
    }

    public List<String> all() {
        List<String> all = new ArrayList<>(controlPlanes);
        all.addAll(workers);
        return all;
    }
}
