package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code KubeletSecrets} (ID {@code kubelet}, every node): where the kubelet finds the API server, the CAs it
 * trusts there, and the bootstrap token it joins with. Sensitive.
 */
public record KubeletSecret(
        @ProtoField(1) Url endpoint,
        @ProtoField(3) @YamlName("bootstrapTokenID") String bootstrapTokenId,
        @ProtoField(4) @YamlName("bootstrapTokenSecret") String bootstrapTokenSecret,
        @ProtoField(5) @YamlName("acceptedCAs") List<PemCertificate> acceptedCAs) implements Spec {

    public static final String TYPE = "KubeletSecrets.secrets.talos.dev";
    public static final Kind KIND = new Kind(SecretsResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("kubelet");

    public KubeletSecret {
        acceptedCAs = acceptedCAs == null ? List.of() : List.copyOf(acceptedCAs);
    }
}
