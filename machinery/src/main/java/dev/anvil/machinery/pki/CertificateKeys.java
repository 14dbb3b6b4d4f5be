package dev.anvil.machinery.pki;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * Public keys of certificates, and whether a private key belongs to one. Talos 1.4 made its aggregator CA with an
 * empty subject and issuer; Go accepts that, the JDK's CertificateFactory refuses it. Such a certificate's key is
 * read here from the DER, so that bundles of that age still load.
 */
public final class CertificateKeys {

    private static final byte[] PROBE = "anvil: does this key belong to this certificate?".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private CertificateKeys() {
    }

    /** The public key of a PEM certificate; fails with the JDK's reason for anything but the empty-name case. */
    public static PublicKey publicKey(String pem) {
        try {
            return PemCodec.parseCertificate(pem).getPublicKey();
        } catch (IllegalArgumentException e) {
            byte[] der = PemCodec.decode(pem).der();
            if (!hasEmptyNames(der)) {
                throw e;
            }
            List<Der.Element> tbs = tbs(der);
            byte[] spki = Der.tlv(Der.SEQUENCE, tbs.get(6).content());
            String algorithm = PemCodec.jdkAlgorithm(tbs.get(6).children().getFirst());
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException ke) {
                throw new IllegalArgumentException("certificate key does not parse: " + ke.getMessage(), ke);
            }
        }
    }

    /** True for a well-formed v3 certificate whose subject and issuer are both empty sequences. */
    public static boolean hasEmptyNames(byte[] der) {
        try {
            List<Der.Element> tbs = tbs(der);
            return tbs.size() >= 7 && tbs.get(3).children().isEmpty() && tbs.get(5).children().isEmpty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** True when a probe signed with {@code key} verifies with {@code publicKey}; keys of other types never match. */
    public static boolean matches(PublicKey publicKey, PrivateKey key) {
        try {
            String algorithm = KeyType.of(key).signatureAlgorithm();
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The fields of tbsCertificate: version, serial, signature, issuer, validity, subject, key, ... */
    private static List<Der.Element> tbs(byte[] der) {
        var certificate = Der.read(der).expect(Der.SEQUENCE, "certificate").children();
        var tbs = certificate.getFirst().expect(Der.SEQUENCE, "certificate").children();
        if (tbs.getFirst().tag() != 0xa0) {
            throw new IllegalArgumentException("not a v3 certificate");
        }
        return tbs;
    }
}
