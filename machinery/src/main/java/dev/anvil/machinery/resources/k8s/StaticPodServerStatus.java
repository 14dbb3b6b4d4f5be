package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;

/**
 * Talos's {@code StaticPodServerStatus} (ID {@code static-pod-server-status}): where machined serves the rendered
 * static pods over loopback HTTP, the URL the kubelet's {@code staticPodURL} points at.
 */
public record StaticPodServerStatus(@ProtoField(1) String url) implements Spec {
    public static final String TYPE = "StaticPodServerStatuses.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("static-pod-server-status");

    public StaticPodServerStatus {
        url = url == null ? "" : url;
    }
}
