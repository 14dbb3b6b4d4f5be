package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.resources.k8s.StaticPod;

/** Static pods as the files the kubelet reads: {@code talos-ID.yaml}, Talos's prefix for the files it owns. */
public final class StaticPodFiles {
    static final String PREFIX = "talos-";

    private StaticPodFiles() {
    }

    public static String fileName(String id) {
        return PREFIX + id + ".yaml";
    }

    /** True for a file this node wrote into the manifests directory (others are left alone). */
    public static boolean ours(String fileName) {
        return fileName.startsWith(PREFIX) && fileName.endsWith(".yaml");
    }

    public static String yaml(StaticPod pod) {
        return Yaml.dump(pod.pod().fields());
    }
}
