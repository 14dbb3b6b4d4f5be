package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code KubernetesSecrets} (ID {@code k8s-certs}): the kubeconfigs of the control-plane components, each with
 * a client certificate of its own from the Kubernetes CA: the scheduler's and the controller manager's (to the local
 * API server), and an admin's to the cluster endpoint and to the local one. Sensitive.
 */
public record KubernetesCerts(
        @ProtoField(4) @YamlName("schedulerKubeconfig") String schedulerKubeconfig,
        @ProtoField(5) @YamlName("controllerManagerKubeconfig") String controllerManagerKubeconfig,
        @ProtoField(6) @YamlName("localhostAdminKubeconfig") String localhostAdminKubeconfig,
        @ProtoField(7) @YamlName("adminKubeconfig") String adminKubeconfig) implements Spec {

    public static final String TYPE = "KubernetesSecrets.secrets.talos.dev";
    public static final Kind KIND = new Kind(SecretsResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("k8s-certs");
}
