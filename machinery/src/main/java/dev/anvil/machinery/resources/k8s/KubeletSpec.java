package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code KubeletSpec} (ID {@code kubelet}): the kubelet's command-line flags and its KubeletConfiguration
 * object, as the kubelet service runs it. Sensitive, as in Talos.
 */
public record KubeletSpec(
        @ProtoField(1) String image,
        @ProtoField(2) List<String> args,
        @ProtoField(4) @YamlName("expectedNodename") String expectedNodename,
        @ProtoField(5) Struct config) implements Spec {

    public static final String TYPE = "KubeletSpecs.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("kubelet");

    public KubeletSpec {
        args = args == null ? List.of() : List.copyOf(args);
        config = config == null ? Struct.EMPTY : config;
    }
}
