package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.resources.k8s.StaticPod;

/** Static pods as YAML text, and the {@code talos-} files older versions left in the kubelet's manifests directory. */
public final class StaticPodFiles {
    static final String PREFIX = "talos-";

    private StaticPodFiles() {
    }

    /** True for a static pod file of this node's in the manifests directory (others are left alone). */
    public static boolean ours(String fileName) {
        return fileName.startsWith(PREFIX) && fileName.endsWith(".yaml");
    }

    public static String yaml(StaticPod pod) {
        return Yaml.dump(pod.pod().fields());
    }
}
