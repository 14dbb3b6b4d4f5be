package dev.anvil.machined.kubernetes;

import io.grpc.Status;

import java.nio.file.Path;

/**
 * Logs of Kubernetes containers (namespace {@code k8s.io}, {@code anvilctl logs -k}). Talos reads them from the CRI
 * log files the kubelet has containerd's CRI plugin write under {@value #POD_LOGS}. Anvil's containerd runs without
 * its CRI plugin and the node has no kubelet binary, so no such file can exist: the request fails with a status that
 * says why, rather than an empty stream or a bare "not found".
 */
public final class KubernetesLogs {
    static final String POD_LOGS = "/var/log/pods";

    private KubernetesLogs() {
    }

    /** FAILED_PRECONDITION for {@code id}, naming what is missing on this node. */
    public static Status unavailable(String id, Path kubeletBinary) {
        String kubelet = KubeletService.missing(kubeletBinary).map(why -> why + ", and ").orElse("");
        return Status.FAILED_PRECONDITION.withDescription("no log for Kubernetes container \"" + id + "\": its logs"
                + " are the CRI logs the kubelet has containerd write under " + POD_LOGS + "; here " + kubelet
                + "containerd runs without its CRI plugin, so no Kubernetes container runs on this node");
    }
}
