package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;
import java.util.Map;

/**
 * Talos's {@code KubeletConfig} (ID {@code kubelet}): what the machine config says about the kubelet, before the
 * node's own facts (name, addresses) make a {@link KubeletSpec} of it. Sensitive, as in Talos.
 */
public record KubeletConfig(
        @ProtoField(1) String image,
        @ProtoField(2) @YamlName("clusterDNS") List<String> clusterDns,
        @ProtoField(3) @YamlName("clusterDomain") String clusterDomain,
        @ProtoField(6) @YamlName("extraConfig") Struct extraConfig,
        @ProtoField(9) @YamlName("skipNodeRegistration") boolean skipNodeRegistration,
        @ProtoField(10) @YamlName("staticPodListURL") String staticPodListUrl,
        @ProtoField(11) @YamlName("disableManifestsDirectory") boolean disableManifestsDirectory,
        @ProtoField(15) @YamlName("extraArgs") Map<String, ArgValues> extraArgs) implements Spec {

    public static final String TYPE = "KubeletConfigs.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("kubelet");

    public KubeletConfig {
        clusterDns = clusterDns == null ? List.of() : List.copyOf(clusterDns);
        extraConfig = extraConfig == null ? Struct.EMPTY : extraConfig;
        extraArgs = extraArgs == null ? Map.of() : Map.copyOf(extraArgs);
    }

    /** Talos's {@code ArgValues}: the values of one extra flag. */
    public record ArgValues(@ProtoField(1) List<String> values) {
        public ArgValues {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
