package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.ResourceTypes;

/** The Kubernetes secrets resource types (Talos's {@code secrets} namespace); all sensitive, as in Talos. */
public final class SecretsResources {
    public static final String NAMESPACE = "secrets";

    private SecretsResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(ResourceDefinition.of(KubernetesRoot.TYPE, NAMESPACE).asSensitive(), KubernetesRoot.class)
                .with(ResourceDefinition.of(KubernetesDynamicCerts.TYPE, NAMESPACE).asSensitive(),
                        KubernetesDynamicCerts.class)
                .with(ResourceDefinition.of(KubernetesCerts.TYPE, NAMESPACE).asSensitive(), KubernetesCerts.class)
                .with(ResourceDefinition.of(KubeletSecret.TYPE, NAMESPACE).asSensitive(), KubeletSecret.class);
    }
}
