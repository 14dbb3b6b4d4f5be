package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.pki.Der;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Parses the PEM material Talos puts in configs (base64 of a PEM block) with the JDK alone: X.509 certificates and
 * private keys in the encodings Talos writes — PKCS#8 ({@code PRIVATE KEY}, {@code ED25519 PRIVATE KEY}), SEC 1
 * ({@code EC PRIVATE KEY}) and PKCS#1 ({@code RSA PRIVATE KEY}). The last two are wrapped into PKCS#8 by hand
 * because the JDK reads only PKCS#8. A key matches a certificate when a signature made with it verifies with the
 * certificate's public key, which works the same for Ed25519, ECDSA and RSA; an EC key that carries its public key
 * (SEC 1 keys as Talos and Anvil write them, alone or inside PKCS#8) matches when that public key is the
 * certificate's. That catches the same mix-ups without elliptic-curve arithmetic, which in a cold JVM was a fifth of
 * machined's start (four CA pairs in a control plane's config); it takes the key's scalar and its stated public key
 * to agree, as every tool that writes them makes them.
 */
final class KeyMaterial {

    private static final byte[] OID_EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    /** Any message will do: only a signature by the certificate's own key verifies. */
    private static final byte[] PROBE = "anvil: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    /** A parse result: the value, or why there is none. */
    record Parsed<T>(T value, String error) {
        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(value, null);
        }

        static <T> Parsed<T> failed(String error) {
            return new Parsed<>(null, error);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private KeyMaterial() {
    }

    /**
     * The public key of a certificate. The JDK refuses some certificates Go accepts (an empty issuer name, as in
     * the front-proxy CA Talos generates); for those the key is read from the DER structure directly.
     */
    static Parsed<PublicKey> certificate(String base64Pem) {
        Block block = block(base64Pem);
        if (block == null) {
            return Parsed.failed("not base64 of a PEM block");
        }
        if (!block.type().equals("CERTIFICATE")) {
            return Parsed.failed("expected a CERTIFICATE, found " + block.type());
        }
        try {
            var factory = CertificateFactory.getInstance("X.509");
            var certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der()));
            return Parsed.ok(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            PublicKey key = subjectPublicKey(block.der());
            return key != null ? Parsed.ok(key) : Parsed.failed("certificate does not parse: " + e.getMessage());
        }
    }

    /**
     * Certificate is {@code SEQUENCE { tbsCertificate, ... }} and tbsCertificate is {@code SEQUENCE { [0] version,
     * serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ... }}.
     */
    private static PublicKey subjectPublicKey(byte[] der) {
        try {
            Der.Element certificate = Der.Element.at(der, 0, der.length);
            Der.Element tbs = Der.Element.at(der, certificate.contentStart(), certificate.end());
            int at = tbs.contentStart();
            if (Der.Element.at(der, at, tbs.end()).tag() == 0xa0) {
                at = Der.Element.at(der, at, tbs.end()).end();
            }
            for (int skip = 0; skip < 5; skip++) {
                at = Der.Element.at(der, at, tbs.end()).end();
            }
            Der.Element spki = Der.Element.at(der, at, tbs.end());
            byte[] encoded = Arrays.copyOfRange(der, at, spki.end());
            for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Parsed<PrivateKey> privateKey(String base64Pem) {
        Block block = block(base64Pem);
        if (block == null) {
            return Parsed.failed("not base64 of a PEM block");
        }
        byte[] pkcs8;
        List<String> algorithms;
        try {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    pkcs8 = block.der();
                    algorithms = List.of("Ed25519", "EC", "RSA");
                }
                case "ED25519 PRIVATE KEY" -> {
                    pkcs8 = block.der();
                    algorithms = List.of("Ed25519");
                }
                case "EC PRIVATE KEY" -> {
                    pkcs8 = sec1ToPkcs8(block.der());
                    algorithms = List.of("EC");
                }
                case "RSA PRIVATE KEY" -> {
                    pkcs8 = Der.sequence(VERSION_0, Der.sequence(OID_RSA, DER_NULL), Der.octetString(block.der()));
                    algorithms = List.of("RSA");
                }
                default -> {
                    return Parsed.failed("unsupported key type " + block.type());
                }
            }
        } catch (IllegalArgumentException e) {
            return Parsed.failed("key does not parse: " + e.getMessage());
        }
        for (String algorithm : algorithms) {
            try {
                return Parsed.ok(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            } catch (GeneralSecurityException e) {
                // try the next algorithm the block type allows
            }
        }
        return Parsed.failed("key does not parse as " + String.join(" or ", algorithms));
    }

    /**
     * Empty when the private key (given parsed, and as the config has it) belongs to the certificate's public key:
     * by the public key an EC key carries when it has one, else by a signature.
     */
    static Optional<String> mismatch(PublicKey publicKey, PrivateKey key, String base64Pem) {
        if (publicKey instanceof ECPublicKey ec && key.getAlgorithm().equals("EC")) {
            Optional<byte[]> stated = statedEcPublicKey(base64Pem);
            if (stated.isPresent()) {
                return Arrays.equals(stated.get(), uncompressedPoint(ec)) ? Optional.empty()
                        : Optional.of("key does not belong to the certificate");
            }
        }
        return mismatch(publicKey, key);
    }

    /**
     * The public key in an EC private key, as SEC 1's {@code [1] publicKey BIT STRING} has it (an encoded point),
     * when the key is in SEC 1 ({@code EC PRIVATE KEY}) or in PKCS#8 around SEC 1, and states it.
     */
    static Optional<byte[]> statedEcPublicKey(String base64Pem) {
        Block block = block(base64Pem);
        if (block == null) {
            return Optional.empty();
        }
        try {
            byte[] sec1 = switch (block.type()) {
                case "EC PRIVATE KEY" -> block.der();
                case "PRIVATE KEY" -> {
                    // SEQUENCE { version, SEQUENCE { algorithm OID, parameters }, privateKey OCTET STRING, ... }
                    List<Der.Element> fields = Der.read(block.der()).children();
                    if (fields.size() < 3 || !Arrays.equals(Arrays.copyOfRange(block.der(),
                            fields.get(1).contentStart(), fields.get(1).contentStart() + OID_EC_PUBLIC_KEY.length),
                            OID_EC_PUBLIC_KEY)) {
                        yield null;
                    }
                    yield fields.get(2).expect(0x04, "PKCS#8 private key").content();
                }
                default -> null;
            };
            if (sec1 == null) {
                return Optional.empty();
            }
            for (Der.Element field : Der.read(sec1).children()) {
                if (field.tag() == 0xa1) {
                    byte[] bits = Der.Element.at(sec1, field.contentStart(), field.end())
                            .expect(0x03, "SEC 1 public key").content();
                    // the first octet counts unused bits, 0 for a point
                    return bits.length > 1 && bits[0] == 0 ? Optional.of(Arrays.copyOfRange(bits, 1, bits.length))
                            : Optional.empty();
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** SEC 1's uncompressed encoding of a public point: 04, then x and y, each as long as the field. */
    private static byte[] uncompressedPoint(ECPublicKey key) {
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = new byte[1 + 2 * size];
        point[0] = 0x04;
        if (!fixedLength(key.getW().getAffineX(), point, 1, size)
                || !fixedLength(key.getW().getAffineY(), point, 1 + size, size)) {
            return new byte[0];
        }
        return point;
    }

    private static boolean fixedLength(BigInteger value, byte[] into, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > size ? bytes.length - size : 0;
        for (int i = 0; i < start; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        int length = bytes.length - start;
        System.arraycopy(bytes, start, into, offset + size - length, length);
        return true;
    }

    /** Empty when a signature made with the private key verifies with the certificate's public key. */
    static Optional<String> mismatch(PublicKey publicKey, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())
                && !(publicKey.getAlgorithm().startsWith("Ed") && key.getAlgorithm().startsWith("Ed"))) {
            return Optional.of("key is " + key.getAlgorithm() + " but the certificate's is " + publicKey.getAlgorithm());
        }
        try {
            byte[] message = PROBE;
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature) ? Optional.empty()
                    : Optional.of("key does not belong to the certificate");
        } catch (GeneralSecurityException e) {
            return Optional.of("key does not belong to the certificate: " + e.getMessage());
        }
    }

    private static Block block(String base64Pem) {
        String pem;
        try {
            pem = new String(Base64.getMimeDecoder().decode(base64Pem.trim()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int begin = pem.indexOf("-----BEGIN ");
        int headerEnd = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
        if (headerEnd < 0) {
            return null;
        }
        String type = pem.substring(begin + 11, headerEnd);
        int end = pem.indexOf("-----END " + type + "-----", headerEnd);
        if (end < 0) {
            return null;
        }
        try {
            return new Block(type, Base64.getMimeDecoder().decode(pem.substring(headerEnd + 5, end)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * SEC 1 is {@code SEQUENCE { version, privateKey OCTET STRING, [0] curve OID, [1] public key }}; PKCS#8 wants
     * the curve in its algorithm identifier and the SEC 1 structure as the key octets.
     */
    private static byte[] sec1ToPkcs8(byte[] sec1) {
        Der.Element outer = Der.Element.at(sec1, 0, sec1.length);
        if (outer.tag() != 0x30) {
            throw new IllegalArgumentException("SEC 1 key is not a sequence");
        }
        byte[] curve = null;
        for (Der.Element element : outer.children()) {
            if (element.tag() == 0xa0) {
                curve = element.content();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("SEC 1 key names no curve");
        }
        return Der.sequence(VERSION_0, Der.sequence(OID_EC_PUBLIC_KEY, curve), Der.octetString(sec1));
    }
}
