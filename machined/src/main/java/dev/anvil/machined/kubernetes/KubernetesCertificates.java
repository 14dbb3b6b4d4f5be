package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.secrets.KubernetesDynamicCerts;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;
import dev.anvil.machinery.resources.secrets.PemCertificateAndKey;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kubernetes certificates a control plane issues itself, as Talos's secrets controllers do, with ECDSA P-256 keys
 * and the JDK's crypto only: the API server's serving certificate (named as {@link #apiServerNames} says), its client
 * certificate towards the kubelets, the front proxy's client certificate from the aggregator CA, and client
 * certificates for kubeconfigs.
 */
public final class KubernetesCertificates {
    /** Talos's KubernetesDefaultCertificateValidityDuration. */
    public static final Duration VALIDITY = Duration.ofDays(365);
    /** Clocks of the cluster may be this far apart (Talos's allowed skew). */
    static final Duration SKEW = Duration.ofSeconds(10);
    public static final String ADMIN_ORGANIZATION = "system:masters";

    private KubernetesCertificates() {
    }

    /** The names of the API server certificate: DNS names and IP addresses, each once, in Talos's order. */
    public record Names(List<String> dnsNames, List<InetAddress> ips) {
        public Names {
            dnsNames = List.copyOf(dnsNames);
            ips = List.copyOf(ips);
        }
    }

    /**
     * Talos's KubernetesCertSANsController: the endpoint's host, the configured certSANs, kubernetes and its service
     * names in the cluster domain, localhost, the node's hostname (and FQDN), the API server's service IPs, the node's
     * addresses and 127.0.0.1. A SAN that is an IP literal counts as an address.
     */
    public static Names apiServerNames(KubernetesRoot root, String hostname, String domainname,
            List<NetIp> nodeAddresses) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        names.add(root.endpoint().toUri().getHost());
        names.addAll(root.certSANs());
        String domain = root.dnsDomain();
        names.addAll(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + domain, "localhost"));
        if (hostname != null && !hostname.isEmpty()) {
            names.add(hostname);
            if (domainname != null && !domainname.isEmpty()) {
                names.add(hostname + "." + domainname);
            }
        }
        for (String name : names) {
            String host = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            if (isIpLiteral(host)) {
                ips.add(InetAddress.ofLiteral(host));
            } else if (!host.isEmpty()) {
                dns.add(host);
            }
        }
        root.apiServerIps().forEach(ip -> ips.add(ip.toInetAddress()));
        nodeAddresses.forEach(ip -> ips.add(ip.toInetAddress()));
        ips.add(InetAddress.ofLiteral("127.0.0.1"));
        return new Names(List.copyOf(dns), List.copyOf(ips));
    }

    /** The certificates that name the node, issued now. */
    public static KubernetesDynamicCerts issueDynamic(KubernetesRoot root, Names names, Instant now) {
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = root.issuingCA().authority();
        var apiServer = ca.issue(new CertificateSpec(new DistinguishedName("kube-apiserver", List.of("kube-master")),
                now.minus(SKEW), now.plus(VALIDITY), false,
                Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), Set.of(ExtKeyUsage.SERVER_AUTH),
                names.dnsNames(), names.ips()), KeyType.ECDSA_P256, random);
        var kubeletClient = client(ca, "apiserver-kubelet-client", ADMIN_ORGANIZATION, now, VALIDITY, random);
        PemCertificateAndKey frontProxy = null;
        if (root.aggregatorCA() != null) {
            frontProxy = PemCertificateAndKey.of(client(root.aggregatorCA().authority(), "front-proxy-client", null,
                    now, VALIDITY, random));
        }
        // the CA follows the server's certificate, as Talos appends it, so that a client trusting the chain verifies
        PemCertificateAndKey server = PemCertificateAndKey.of(apiServer.certificatePem() + "\n"
                + root.issuingCA().certificatePem(), apiServer.keyPem());
        return new KubernetesDynamicCerts(server, PemCertificateAndKey.of(kubeletClient), frontProxy);
    }

    /** A client certificate: digital signature and key encipherment, client auth; {@code organization} may be null. */
    public static CertificateAuthority.Issued client(CertificateAuthority ca, String commonName, String organization,
            Instant now, Duration lifetime, SecureRandom random) {
        return ca.issue(new CertificateSpec(new DistinguishedName(commonName,
                organization == null ? List.of() : List.of(organization)), now.minus(SKEW), now.plus(lifetime), false,
                Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), Set.of(ExtKeyUsage.CLIENT_AUTH),
                List.of(), List.of()), KeyType.ECDSA_P256, random);
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
    }
}
