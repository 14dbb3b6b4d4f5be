package dev.anvil.machinery.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and signs an X.509 v3 certificate (RFC 5280) and hands it to the JDK's CertificateFactory, which both
 * checks our encoding and gives callers the usual {@link X509Certificate}.
 */
final class X509Writer {

    private X509Writer() {
    }

    static X509Certificate sign(CertificateSpec spec, PublicKey subjectKey, byte[] issuerName,
                                PublicKey issuerKey, PrivateKey signingKey, SecureRandom random) {
        KeyType signer = KeyType.of(signingKey);
        byte[] algorithm = signer.signatureAlgorithmIdentifier();
        BigInteger serial = new BigInteger(128, random).setBit(0); // positive, never zero
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(serial),
                algorithm,
                issuerName,
                Der.sequence(Der.time(spec.notBefore()), Der.time(spec.notAfter())),
                spec.subject().encode(),
                subjectKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions(spec, subjectKey, issuerKey))));
        try {
            Signature signature = Signature.getInstance(signer.signatureAlgorithm());
            signature.initSign(signingKey, random);
            signature.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signature.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a certificate failed: " + e.getMessage(), e);
        }
    }

    private static List<byte[]> extensions(CertificateSpec spec, PublicKey subjectKey, PublicKey issuerKey) {
        List<byte[]> extensions = new ArrayList<>();
        if (!spec.keyUsages().isEmpty()) {
            extensions.add(extension("2.5.29.15", true, KeyUsage.encode(spec.keyUsages())));
        }
        if (!spec.extKeyUsages().isEmpty()) {
            List<byte[]> oids = spec.extKeyUsages().stream().sorted().map(u -> Der.oid(u.oid())).toList();
            extensions.add(extension("2.5.29.37", false, Der.sequence(oids)));
        }
        extensions.add(extension("2.5.29.19", true, spec.ca() ? Der.sequence(Der.bool(true)) : Der.sequence()));
        extensions.add(extension("2.5.29.14", false, Der.octetString(keyIdentifier(subjectKey))));
        // a self-signed certificate names no authority key: it is its own trust anchor
        if (!issuerKey.equals(subjectKey)) {
            extensions.add(extension("2.5.29.35", false, Der.sequence(Der.tlv(0x80, keyIdentifier(issuerKey)))));
        }
        if (!spec.dnsNames().isEmpty() || !spec.ipAddresses().isEmpty()) {
            List<byte[]> names = new ArrayList<>();
            for (String dns : spec.dnsNames()) {
                names.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (InetAddress ip : spec.ipAddresses()) {
                names.add(Der.tlv(0x87, ip.getAddress()));
            }
            extensions.add(extension("2.5.29.17", false, Der.sequence(names)));
        }
        return extensions;
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
    static byte[] keyIdentifier(PublicKey key) {
        List<Der.Element> spki = Der.read(key.getEncoded()).expect(Der.SEQUENCE, "public key").children();
        byte[] bits = spki.get(1).expect(Der.BIT_STRING, "public key").content();
        try {
            return MessageDigest.getInstance("SHA-1").digest(java.util.Arrays.copyOfRange(bits, 1, bits.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
