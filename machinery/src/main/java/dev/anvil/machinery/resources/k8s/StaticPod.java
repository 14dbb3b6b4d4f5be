package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlInline;

/**
 * Talos's {@code StaticPod} (namespace {@code k8s}, ID the component: {@code kube-apiserver},
 * {@code kube-controller-manager}, {@code kube-scheduler}): a v1 Pod the kubelet runs from its manifests directory.
 * Its YAML is the pod itself, as Talos prints it.
 */
public record StaticPod(@ProtoField(1) @YamlInline Struct pod) implements Spec {
    public static final String TYPE = "StaticPods.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.NAMESPACE, TYPE);
}
