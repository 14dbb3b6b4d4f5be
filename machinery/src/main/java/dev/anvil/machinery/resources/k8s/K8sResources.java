package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.ResourceTypes;

/** The Kubernetes resource types (Talos's {@code *.kubernetes.talos.dev}), for clients and servers. */
public final class K8sResources {
    /** Resources of every node's Kubernetes part. */
    public static final String NAMESPACE = "k8s";
    /** Resources of the control plane. */
    public static final String CONTROL_PLANE_NAMESPACE = "controlplane";

    private K8sResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(ResourceDefinition.of(StaticPod.TYPE, NAMESPACE), StaticPod.class)
                .with(ResourceDefinition.of(StaticPodServerStatus.TYPE, NAMESPACE), StaticPodServerStatus.class)
                .with(ResourceDefinition.of(Manifest.TYPE, CONTROL_PLANE_NAMESPACE), Manifest.class)
                // its automatic abbreviation "ms" would make MachineStatus's "ms" ambiguous: its names are spelt out
                .with(ResourceDefinition.of(ManifestStatus.TYPE, CONTROL_PLANE_NAMESPACE).withoutAutomaticAliases()
                        .withAliases("manifeststatus", "manifeststatuses", "manifeststatuses.kubernetes",
                                "manifeststatuses.kubernetes.talos"), ManifestStatus.class)
                .with(ResourceDefinition.of(KubeletConfig.TYPE, NAMESPACE).asSensitive(), KubeletConfig.class)
                .with(ResourceDefinition.of(KubeletSpec.TYPE, NAMESPACE).asSensitive(), KubeletSpec.class);
    }
}
