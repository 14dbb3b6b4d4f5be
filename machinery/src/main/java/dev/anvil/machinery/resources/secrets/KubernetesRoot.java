package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.machinery.resources.network.NetIp;

import java.util.List;

/**
 * Talos's {@code KubernetesRootSecrets} (ID {@code k8s}, control planes only): what the cluster config says about the
 * Kubernetes PKI and endpoints, from which the node's Kubernetes certificates and kubeconfigs are made. The service
 * account's accepted keys are public keys, the signing key's own first, as the API server verifies tokens with them
 * ({@code service-account.pub}). Sensitive.
 */
public record KubernetesRoot(
        @ProtoField(1) String name,
        @ProtoField(2) Url endpoint,
        @ProtoField(3) @YamlName("local_endpoint") Url localEndpoint,
        @ProtoField(4) @YamlName("certSANs") List<String> certSANs,
        @ProtoField(6) @YamlName("dnsDomain") String dnsDomain,
        @ProtoField(7) @YamlName("issuingCA") PemCertificateAndKey issuingCA,
        @ProtoField(8) @YamlName("serviceAccount") PemKey serviceAccount,
        @ProtoField(9) @YamlName("aggregatorCA") PemCertificateAndKey aggregatorCA,
        @ProtoField(10) @YamlName("aesCBCEncryptionSecret") String aescbcEncryptionSecret,
        @ProtoField(11) @YamlName("bootstrapTokenID") String bootstrapTokenId,
        @ProtoField(12) @YamlName("bootstrapTokenSecret") String bootstrapTokenSecret,
        @ProtoField(13) @YamlName("secretboxEncryptionSecret") String secretboxEncryptionSecret,
        @ProtoField(14) @YamlName("apiServerIPs") List<NetIp> apiServerIps,
        @ProtoField(15) @YamlName("acceptedCAs") List<PemCertificate> acceptedCAs,
        @ProtoField(18) @YamlName("serviceAccountAcceptedKeys") List<PemKey> serviceAccountAcceptedKeys,
        @ProtoField(19) @YamlName("issuerURL") String issuerUrl,
        @ProtoField(21) @YamlName("apiAudiences") List<String> apiAudiences) implements Spec {

    public static final String TYPE = "KubernetesRootSecrets.secrets.talos.dev";
    public static final Kind KIND = new Kind(SecretsResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("k8s");

    public KubernetesRoot {
        certSANs = certSANs == null ? List.of() : List.copyOf(certSANs);
        apiServerIps = apiServerIps == null ? List.of() : List.copyOf(apiServerIps);
        acceptedCAs = acceptedCAs == null ? List.of() : List.copyOf(acceptedCAs);
        serviceAccountAcceptedKeys = serviceAccountAcceptedKeys == null ? List.of()
                : List.copyOf(serviceAccountAcceptedKeys);
        apiAudiences = apiAudiences == null ? List.of() : List.copyOf(apiAudiences);
    }
}
