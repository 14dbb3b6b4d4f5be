package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code KubernetesDynamicCerts} (ID {@code k8s-dynamic-certs}): the certificates that name the node, so are
 * issued on it: kube-apiserver's serving certificate (followed by the CA, as Talos appends it), its client certificate
 * for the kubelets, and the front proxy's client certificate from the aggregator CA. Sensitive.
 */
public record KubernetesDynamicCerts(
        @ProtoField(1) @YamlName("apiServer") PemCertificateAndKey apiServer,
        @ProtoField(2) @YamlName("apiServerKubeletClient") PemCertificateAndKey apiServerKubeletClient,
        @ProtoField(3) @YamlName("frontProxy") PemCertificateAndKey frontProxy) implements Spec {

    public static final String TYPE = "KubernetesDynamicCerts.secrets.talos.dev";
    public static final Kind KIND = new Kind(SecretsResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("k8s-dynamic-certs");
}
