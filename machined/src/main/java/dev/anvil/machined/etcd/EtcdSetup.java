package dev.anvil.machined.etcd;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.v1alpha1.Components;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a node's config says about its etcd member: a control plane ({@code machine.type} controlplane or init)
 * with the etcd CA and its key runs one; any other node none. Where the other members are, until cluster membership
 * says more: the member on the host of {@code cluster.controlPlane.endpoint}, which answers with the rest.
 */
public record EtcdSetup(CertificateAuthority ca, Map<String, String> extraArgs, List<String> peerClientUrls) {

    public static Optional<EtcdSetup> of(ConfigBundle config) {
        var v1alpha1 = config.v1alpha1().orElse(null);
        if (v1alpha1 == null || v1alpha1.machine() == null || v1alpha1.cluster() == null) {
            return Optional.empty();
        }
        String type = v1alpha1.machine().type();
        Components.Etcd etcd = v1alpha1.cluster().etcd();
        if (!("controlplane".equals(type) || "init".equals(type)) || etcd == null || etcd.ca() == null
                || etcd.ca().key() == null || etcd.ca().key().isBlank()) {
            return Optional.empty();
        }
        var ca = new CertificateAuthority(PemCodec.parseCertificate(PemCodec.fromBase64(etcd.ca().crt(),
                "cluster.etcd.ca.crt")), PemCodec.parsePrivateKey(PemCodec.fromBase64(etcd.ca().key(),
                "cluster.etcd.ca.key")));
        Map<String, String> extra = new LinkedHashMap<>();
        if (etcd.extraArgs() != null) {
            etcd.extraArgs().forEach((flag, value) -> extra.put(flag, flatten(value)));
        }
        var endpoint = v1alpha1.cluster().controlPlane() == null ? null
                : v1alpha1.cluster().controlPlane().endpoint();
        return Optional.of(new EtcdSetup(ca, extra, endpointPeer(endpoint)));
    }

    /** The client URL of a member on the control-plane endpoint's host, when that host is an address. */
    static List<String> endpointPeer(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return List.of();
        }
        try {
            String host = URI.create(endpoint).getHost();
            if (host == null) {
                return List.of();
            }
            // only a literal address: resolving a name would block the boot on DNS
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return List.of();
            }
            return List.of(EtcdArguments.clientUrl(InetAddress.ofLiteral(literal)));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String flatten(ArgValue value) {
        return value.single() != null ? value.single() : String.join(",", value.many());
    }
}
