package dev.anvil.machinery.resources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The namespaces a Talos node publishes besides {@code meta}, with Talos's descriptions of them
 * (internal/app/machined/pkg/runtime/v1alpha2/v1alpha2_state.go). A node publishes all of them whether or not it
 * has types in each, so {@code get namespaces} lists what a Talos node lists.
 */
public final class TalosNamespaces {
    private TalosNamespaces() {
    }

    /** Name to description, in Talos's order. */
    public static SequencedMap<String, String> all() {
        SequencedMap<String, String> all = new LinkedHashMap<>();
        all.put("runtime", "Talos v1alpha1 subsystems glue resources.");
        all.put("cluster", "Cluster configuration and discovery resources.");
        all.put("cluster-raw", "Cluster unmerged raw resources.");
        all.put("config", "Talos node configuration.");
        all.put("etcd", "etcd resources.");
        all.put("files", "Files and file-like resources.");
        all.put("hardware", "Hardware resources.");
        all.put("k8s", "Kubernetes all node types resources.");
        all.put("controlplane", "Kubernetes control plane resources.");
        all.put("kubespan", "KubeSpan resources.");
        all.put("network", "Networking resources.");
        all.put("network-config", "Networking configuration resources.");
        all.put("cri", "CRI Seccomp resources.");
        all.put("containers", "Talos-managed container resources.");
        all.put("secrets", "Resources with secret material.");
        all.put("security", "Security resources.");
        all.put("perf", "Stats resources.");
        all.put("storage", "Storage resources.");
        return all;
    }
}
