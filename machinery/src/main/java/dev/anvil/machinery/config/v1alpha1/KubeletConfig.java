package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.Unstructured;
import java.util.List;
import java.util.Map;

/** {@code machine.kubelet}: how the kubelet service runs on this node. */
public record KubeletConfig(
        String image,
        List<String> clusterDNS,
        Map<String, ArgValue> extraArgs,
        List<ExtraMount> extraMounts,
        Unstructured extraConfig,
        Unstructured credentialProviderConfig,
        Boolean defaultRuntimeSeccompProfileEnabled,
        Boolean registerWithFQDN,
        NodeIp nodeIP,
        Boolean skipNodeRegistration,
        Boolean disableManifestsDirectory) {

    public record ExtraMount(String destination, String type, String source, List<String> options,
                             List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
    }

    public record IdMapping(Long containerID, Long hostID, Long size) {
    }

    public record NodeIp(List<String> validSubnets) {
    }
}
