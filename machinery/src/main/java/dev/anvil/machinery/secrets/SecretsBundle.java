package dev.anvil.machinery.secrets;

import dev.anvil.machinery.config.v1alpha1.Pem;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateKeys;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.PemCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Everything secret a cluster is made from ({@code secrets.yaml}, as {@code talosctl gen secrets} writes it):
 * discovery identity, tokens, the etcd secret encryption key, four CAs and the service-account key. Certificates and
 * keys are kept as the base64 PEM text they are stored as, so a loaded bundle writes back unchanged and its material
 * goes into configs as is. {@link SecretsFile} reads and writes the YAML.
 */
public record SecretsBundle(Cluster cluster, Secrets secrets, TrustdInfo trustdInfo, Certs certs) {

    /** Talos's {@code CAValidityTime}: 87600 hours. */
    public static final Duration CA_VALIDITY = Duration.ofHours(87600);
    /** Talos's {@code TalosAPIDefaultCertificateValidityDuration}: one year. */
    public static final Duration CLIENT_VALIDITY = Duration.ofHours(8760);

    /** Discovery: the cluster's id and the key that encrypts what members publish. */
    public record Cluster(String id, String secret) {
    }

    /** Kubernetes bootstrap token and the etcd encryption key (secretbox; aescbc in bundles of Talos before 1.3). */
    public record Secrets(String bootstrapToken, String aescbcEncryptionSecret, String secretboxEncryptionSecret) {
    }

    /** The machine token nodes present to trustd. */
    public record TrustdInfo(String token) {
    }

    public record Certs(Pem.CertAndKey etcd, Pem.CertAndKey k8s, Pem.CertAndKey k8sAggregator,
                        Pem.Key k8sServiceAccount, Pem.CertAndKey os) {
    }

    /**
     * A new bundle. Our CAs are ECDSA P-256 (also the OS CA, which Talos makes Ed25519: netty's TLS engine cannot
     * use Ed25519); the service-account key is RSA-4096 as Talos's, for Kubernetes.
     */
    public static SecretsBundle generate(Instant now, SecureRandom random) {
        Instant notAfter = now.plus(CA_VALIDITY);
        var etcd = ca(DistinguishedName.organization("etcd"), now, notAfter, random);
        var k8s = ca(DistinguishedName.organization("kubernetes"), now, notAfter, random);
        var aggregator = ca(DistinguishedName.commonName("front-proxy"), now, notAfter, random);
        var os = ca(DistinguishedName.organization("talos"), now, notAfter, random);
        var serviceAccount = new Pem.Key(PemCodec.toBase64(PemCodec.privateKey(KeyType.RSA_4096.generate(random))));
        return new SecretsBundle(
                new Cluster(randomBase64(32, random), randomBase64(32, random)),
                new Secrets(Tokens.generate(random), null, randomBase64(32, random)),
                new TrustdInfo(Tokens.generate(random)),
                new Certs(etcd, k8s, aggregator, serviceAccount, os));
    }

    /**
     * Every secret value of the bundle as a machine config holds it: the tokens and encryption secrets, and each
     * certificate and key (base64 of its PEM block); empty values are left out. What a redacted config or a support
     * bundle must not contain.
     */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>(Arrays.asList(cluster.secret(), secrets.bootstrapToken(),
                secrets.aescbcEncryptionSecret(), secrets.secretboxEncryptionSecret(), trustdInfo.token(),
                certs.k8sServiceAccount().key()));
        for (Pem.CertAndKey ca : List.of(certs.etcd(), certs.k8s(), certs.k8sAggregator(), certs.os())) {
            values.add(ca.crt());
            values.add(ca.key());
        }
        values.removeIf(v -> v == null || v.isEmpty());
        return values;
    }

    /** The OS (Anvil API) CA, which signs client certificates; parsed from the bundle, whatever its key type. */
    public CertificateAuthority osAuthority() {
        return authority(certs.os(), "certs.os");
    }

    /**
     * A client certificate for the API, signed by the OS CA: the roles are its organizations, usage digital
     * signature and client auth; the key is ECDSA P-256 whatever the CA's key is.
     */
    public CertificateAuthority.Issued clientCertificate(List<String> roles, Instant now, Duration ttl,
                                                         SecureRandom random) {
        return osAuthority().issueClient(roles, now, ttl, random);
    }

    /** Parses every certificate and key of the bundle and checks that each key belongs to its certificate. */
    public void check() {
        checkPair(certs.etcd(), "certs.etcd");
        checkPair(certs.k8s(), "certs.k8s");
        checkPair(certs.k8sAggregator(), "certs.k8saggregator");
        checkPair(certs.os(), "certs.os");
        osAuthority();
        try {
            PemCodec.parsePrivateKey(PemCodec.fromBase64(certs.k8sServiceAccount().key(), "certs.k8sserviceaccount.key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certs.k8sserviceaccount.key: " + e.getMessage(), e);
        }
    }

    /** Works also for the nameless certificates of older Talos bundles, which the JDK does not parse. */
    private static void checkPair(Pem.CertAndKey pair, String path) {
        try {
            var publicKey = CertificateKeys.publicKey(PemCodec.fromBase64(pair.crt(), path + ".crt"));
            var key = PemCodec.parsePrivateKey(PemCodec.fromBase64(pair.key(), path + ".key"));
            if (!CertificateKeys.matches(publicKey, key)) {
                throw new IllegalArgumentException("the key does not belong to the certificate");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority authority(Pem.CertAndKey pair, String path) {
        try {
            var ca = CertificateAuthority.fromPem(PemCodec.fromBase64(pair.crt(), path + ".crt"),
                    PemCodec.fromBase64(pair.key(), path + ".key"));
            return ca;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static Pem.CertAndKey ca(DistinguishedName subject, Instant notBefore, Instant notAfter,
                                     SecureRandom random) {
        var issued = CertificateAuthority.create(subject, KeyType.ECDSA_P256, notBefore, notAfter, random);
        return new Pem.CertAndKey(PemCodec.toBase64(issued.certificatePem()), PemCodec.toBase64(issued.keyPem()));
    }

    private static String randomBase64(int bytes, SecureRandom random) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }
}
