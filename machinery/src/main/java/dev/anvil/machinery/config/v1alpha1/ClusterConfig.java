package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.Obsolete;
import dev.anvil.machinery.config.schema.ReplaceOnMerge;
import java.util.List;
import java.util.Map;

/** The {@code cluster:} section of a v1alpha1 document: the Kubernetes cluster this node belongs to. */
public record ClusterConfig(
        String id,
        String secret,
        ControlPlane controlPlane,
        String clusterName,
        Network network,
        String token,
        String aescbcEncryptionSecret,
        String secretboxEncryptionSecret,
        Pem.CertAndKey ca,
        List<Pem.Cert> acceptedCAs,
        Pem.CertAndKey aggregatorCA,
        Pem.Key serviceAccount,
        Components.ApiServer apiServer,
        Components.ControllerManager controllerManager,
        Components.Proxy proxy,
        Components.Scheduler scheduler,
        Discovery discovery,
        Components.Etcd etcd,
        CoreDns coreDNS,
        ExternalCloudProvider externalCloudProvider,
        List<String> extraManifests,
        Map<String, String> extraManifestHeaders,
        List<InlineManifest> inlineManifests,
        AdminKubeconfig adminKubeconfig,
        Boolean allowSchedulingOnControlPlanes,
        @Obsolete("use cluster.allowSchedulingOnControlPlanes") Boolean allowSchedulingOnMasters) {

    public record ControlPlane(String endpoint, Integer localAPIServerPort) {
    }

    public record Network(Cni cni, String dnsDomain, @ReplaceOnMerge List<String> podSubnets,
                          @ReplaceOnMerge List<String> serviceSubnets) {
    }

    public record Cni(String name, List<String> urls, Flannel flannel) {
    }

    public record Flannel(List<String> extraArgs, Boolean kubeNetworkPoliciesEnabled) {
    }

    public record Discovery(Boolean enabled, Registries registries) {
    }

    public record Registries(Disabled kubernetes, Service service) {
    }

    public record Disabled(Boolean disabled) {
    }

    public record Service(Boolean disabled, String endpoint) {
    }

    public record CoreDns(Boolean disabled, String image) {
    }

    public record ExternalCloudProvider(Boolean enabled, List<String> manifests) {
    }

    public record InlineManifest(String name, String contents) {
    }

    public record AdminKubeconfig(String certLifetime) {
    }
}
