package dev.anvil.machinery.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A CA certificate with its private key, which issues certificates. The key may be Ed25519, ECDSA or RSA: Talos's
 * OS CA is Ed25519, ours are ECDSA P-256, and whichever a bundle holds keeps signing. machined issues node, etcd and
 * Kubernetes certificates with this at run time, so it uses only the JDK's own crypto.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

    /** A new self-signed CA with a fresh key of {@code type}. */
    public static Issued create(DistinguishedName subject, KeyType type, Instant notBefore, Instant notAfter,
                                SecureRandom random) {
        return selfSigned(CertificateSpec.authority(subject, notBefore, notAfter), type, random);
    }

    /** A certificate signed by its own fresh key of {@code type}: a CA, or a leaf that nothing vouches for. */
    public static Issued selfSigned(CertificateSpec spec, KeyType type, SecureRandom random) {
        return selfSigned(spec, type.generate(random), random);
    }

    /** A certificate signed by its own key pair, made beforehand. */
    public static Issued selfSigned(CertificateSpec spec, KeyPair keys, SecureRandom random) {
        X509Certificate certificate = X509Writer.sign(spec, keys.getPublic(), spec.subject().encode(),
                keys.getPublic(), keys.getPrivate(), random);
        return new Issued(certificate, keys);
    }

    public static CertificateAuthority fromPem(String certificatePem, String keyPem) {
        return new CertificateAuthority(PemCodec.parseCertificate(certificatePem), PemCodec.parsePrivateKey(keyPem));
    }

    /** Fails when the key does not belong to the certificate. */
    public void checkKeyMatches() {
        if (!CertificateKeys.matches(certificate.getPublicKey(), key)) {
            throw new IllegalArgumentException("the key does not belong to the certificate");
        }
    }

    /** Issues a certificate for {@code subjectKey}, signed with this CA's key. */
    public X509Certificate issue(CertificateSpec spec, PublicKey subjectKey, SecureRandom random) {
        // the CA's subject bytes as they are, so that name chaining compares equal whatever string types it used
        byte[] issuer = certificate.getSubjectX500Principal().getEncoded();
        return X509Writer.sign(spec, subjectKey, issuer, certificate.getPublicKey(), key, random);
    }

    /** Issues a certificate for a fresh key of {@code type}. */
    public Issued issue(CertificateSpec spec, KeyType type, SecureRandom random) {
        return issue(spec, type.generate(random), random);
    }

    /** Issues a certificate for a key pair made beforehand. */
    public Issued issue(CertificateSpec spec, KeyPair keys, SecureRandom random) {
        return new Issued(issue(spec, keys.getPublic(), random), keys);
    }

    /** A certificate with its key pair, as just made. */
    /**
     * A client certificate for the node API: the roles are its organizations, usage digital signature and client
     * auth; the key is ECDSA P-256 whatever this CA's key is.
     */
    public Issued issueClient(List<String> roles, Instant now, Duration ttl, SecureRandom random) {
        var spec = new CertificateSpec(new DistinguishedName(null, roles), now, now.plus(ttl), false,
                Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of());
        return issue(spec, KeyType.ECDSA_P256, random);
    }

    public record Issued(X509Certificate certificate, KeyPair keys) {

        public String certificatePem() {
            return PemCodec.certificate(certificate);
        }

        public String keyPem() {
            return PemCodec.privateKey(keys);
        }

        public CertificateAuthority authority() {
            return new CertificateAuthority(certificate, keys.getPrivate());
        }
    }
}
