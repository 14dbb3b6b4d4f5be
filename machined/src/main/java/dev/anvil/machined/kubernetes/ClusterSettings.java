package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.Pem;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.secrets.KubeletSecret;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;
import dev.anvil.machinery.resources.secrets.PemCertificate;
import dev.anvil.machinery.resources.secrets.PemCertificateAndKey;
import dev.anvil.machinery.resources.secrets.PemKey;
import dev.anvil.machinery.resources.secrets.Url;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code cluster:} section says about Kubernetes, read once for the controllers: the root secrets of a control
 * plane (Talos's RootKubernetesController) and the kubelet's secrets of every node (Talos's KubeletController), with
 * Talos's defaults for what the config leaves out.
 */
public final class ClusterSettings {
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
    public static final String DEFAULT_POD_SUBNET = "10.244.0.0/16";
    public static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
    public static final int DEFAULT_API_SERVER_PORT = 6443;

    private ClusterSettings() {
    }

    /** True for a control plane ({@code machine.type} controlplane or init). */
    public static boolean controlPlane(V1Alpha1 config) {
        String type = config.machine() == null ? null : config.machine().type();
        return "controlplane".equals(type) || "init".equals(type);
    }

    /** The root secrets of a control plane whose config holds the Kubernetes CA with its key; empty otherwise. */
    public static Optional<KubernetesRoot> root(ConfigBundle bundle) {
        V1Alpha1 config = bundle.v1alpha1().orElse(null);
        if (config == null || config.cluster() == null || !controlPlane(config)) {
            return Optional.empty();
        }
        ClusterConfig cluster = config.cluster();
        if (cluster.ca() == null || blank(cluster.ca().key()) || cluster.controlPlane() == null
                || blank(cluster.controlPlane().endpoint())) {
            return Optional.empty();
        }
        String endpoint = cluster.controlPlane().endpoint();
        String[] token = splitToken(cluster.token());
        List<PemCertificate> accepted = new ArrayList<>();
        accepted.add(PemCertificate.of(pem(cluster.ca().crt(), "cluster.ca.crt")));
        if (cluster.acceptedCAs() != null) {
            for (Pem.Cert ca : cluster.acceptedCAs()) {
                accepted.add(PemCertificate.of(pem(ca.crt(), "cluster.acceptedCAs[].crt")));
            }
        }
        Optional<PemKey> serviceAccount = cluster.serviceAccount() == null
                || blank(cluster.serviceAccount().key()) ? Optional.empty()
                : Optional.of(PemKey.of(pem(cluster.serviceAccount().key(), "cluster.serviceAccount.key")));
        return Optional.of(new KubernetesRoot(
                cluster.clusterName() == null ? "" : cluster.clusterName(),
                new Url(endpoint),
                new Url("https://localhost:" + localPort(cluster)),
                cluster.apiServer() == null || cluster.apiServer().certSANs() == null ? List.of()
                        : cluster.apiServer().certSANs(),
                dnsDomain(cluster),
                certificateAndKey(cluster.ca(), "cluster.ca"),
                serviceAccount.orElse(null),
                cluster.aggregatorCA() == null || blank(cluster.aggregatorCA().key()) ? null
                        : certificateAndKey(cluster.aggregatorCA(), "cluster.aggregatorCA"),
                nullToEmpty(cluster.aescbcEncryptionSecret()),
                token[0], token[1],
                nullToEmpty(cluster.secretboxEncryptionSecret()),
                serviceSubnets(cluster).stream().map(ClusterSettings::firstHost).toList(),
                accepted,
                serviceAccount.map(k -> List.of(PemKey.of(PemCodec.publicKeyOf(k.pem())))).orElse(List.of()),
                endpoint,
                List.of(endpoint)));
    }

    /** The kubelet's secrets of any configured node: the endpoint, the accepted CAs, the bootstrap token. */
    public static Optional<KubeletSecret> kubelet(ConfigBundle bundle) {
        V1Alpha1 config = bundle.v1alpha1().orElse(null);
        if (config == null || config.cluster() == null || config.cluster().controlPlane() == null
                || blank(config.cluster().controlPlane().endpoint()) || config.cluster().ca() == null
                || blank(config.cluster().ca().crt())) {
            return Optional.empty();
        }
        ClusterConfig cluster = config.cluster();
        String[] token = splitToken(cluster.token());
        List<PemCertificate> accepted = new ArrayList<>();
        accepted.add(PemCertificate.of(pem(cluster.ca().crt(), "cluster.ca.crt")));
        if (cluster.acceptedCAs() != null) {
            cluster.acceptedCAs().forEach(ca -> accepted.add(PemCertificate.of(pem(ca.crt(), "cluster.acceptedCAs"))));
        }
        return Optional.of(new KubeletSecret(new Url(cluster.controlPlane().endpoint()), token[0], token[1],
                accepted));
    }

    public static String dnsDomain(ClusterConfig cluster) {
        return cluster.network() == null || blank(cluster.network().dnsDomain()) ? DEFAULT_DNS_DOMAIN
                : cluster.network().dnsDomain();
    }

    public static List<String> podSubnets(ClusterConfig cluster) {
        return cluster.network() == null || cluster.network().podSubnets() == null
                || cluster.network().podSubnets().isEmpty() ? List.of(DEFAULT_POD_SUBNET)
                : cluster.network().podSubnets();
    }

    public static List<String> serviceSubnets(ClusterConfig cluster) {
        return cluster.network() == null || cluster.network().serviceSubnets() == null
                || cluster.network().serviceSubnets().isEmpty() ? List.of(DEFAULT_SERVICE_SUBNET)
                : cluster.network().serviceSubnets();
    }

    public static int localPort(ClusterConfig cluster) {
        Integer port = cluster.controlPlane() == null ? null : cluster.controlPlane().localAPIServerPort();
        return port == null || port == 0 ? DEFAULT_API_SERVER_PORT : port;
    }

    /** The address {@code n} hosts into a subnet: the API server's service IP is the first, CoreDNS's the tenth. */
    public static NetIp host(String cidr, int n) {
        String[] parts = cidr.split("/", 2);
        byte[] base = InetAddress.ofLiteral(parts[0]).getAddress();
        byte[] sum = new BigInteger(1, base).add(BigInteger.valueOf(n)).toByteArray();
        byte[] address = new byte[base.length];
        int copy = Math.min(sum.length, address.length);
        System.arraycopy(sum, sum.length - copy, address, address.length - copy, copy);
        return NetIp.of(inet(address));
    }

    private static NetIp firstHost(String cidr) {
        return host(cidr, 1);
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A bootstrap token {@code id.secret} split in two; empty strings when there is none. */
    static String[] splitToken(String token) {
        if (token == null || token.indexOf('.') < 0) {
            return new String[] {"", ""};
        }
        return token.split("\\.", 2);
    }

    private static PemCertificateAndKey certificateAndKey(Pem.CertAndKey pair, String path) {
        return PemCertificateAndKey.of(pem(pair.crt(), path + ".crt"), pem(pair.key(), path + ".key"));
    }

    private static String pem(String base64, String path) {
        return PemCodec.fromBase64(base64, path);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
