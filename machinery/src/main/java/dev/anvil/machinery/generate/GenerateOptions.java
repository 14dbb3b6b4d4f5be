package dev.anvil.machinery.generate;

import java.util.List;

/**
 * The inputs of {@code anvilctl gen config} besides the secrets, with talosctl's defaults. Patches are config
 * patch texts (strategic merge or JSON patch), applied in order: the common ones first, then the role's own.
 */
public record GenerateOptions(
        String clusterName,
        String endpoint,
        String kubernetesVersion,
        String installDisk,
        String installImage,
        List<String> additionalSans,
        String dnsDomain,
        List<String> patches,
        List<String> controlPlanePatches,
        List<String> workerPatches) {

    public static final String DEFAULT_KUBERNETES_VERSION = "1.33.1";
    public static final String DEFAULT_INSTALL_DISK = "/dev/sda";
    /** The installer image of the Talos release whose config schema Anvil's generated configs follow. */
    public static final String DEFAULT_INSTALL_IMAGE = "ghcr.io/siderolabs/installer:v1.10.3";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";

    public GenerateOptions {
        additionalSans = List.copyOf(additionalSans);
        patches = List.copyOf(patches);
        controlPlanePatches = List.copyOf(controlPlanePatches);
        workerPatches = List.copyOf(workerPatches);
    }

    /** talosctl's defaults for everything but the cluster name and endpoint. */
    public static GenerateOptions defaults(String clusterName, String endpoint) {
        return new GenerateOptions(clusterName, endpoint, DEFAULT_KUBERNETES_VERSION, DEFAULT_INSTALL_DISK,
                DEFAULT_INSTALL_IMAGE, List.of(), DEFAULT_DNS_DOMAIN, List.of(), List.of(), List.of());
    }
}
