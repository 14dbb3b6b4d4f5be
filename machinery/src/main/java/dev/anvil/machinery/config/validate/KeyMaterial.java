package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.pki.CertificateKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Parses the PEM material Talos puts in configs (base64 of a PEM block) with the JDK alone: X.509 certificates and
 * private keys in the encodings Talos writes — PKCS#8 ({@code PRIVATE KEY}, {@code ED25519 PRIVATE KEY}), SEC 1
 * ({@code EC PRIVATE KEY}) and PKCS#1 ({@code RSA PRIVATE KEY}). The last two are wrapped into PKCS#8 by hand
 * because the JDK reads only PKCS#8. A key matches a certificate when a signature made with it verifies with the
 * certificate's public key, which works the same for Ed25519, ECDSA and RSA.
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

    static Parsed<X509Certificate> certificate(String base64Pem) {
        Block block = block(base64Pem);
        if (block == null) {
            return Parsed.failed("not base64 of a PEM block");
        }
        if (!block.type().equals("CERTIFICATE")) {
            return Parsed.failed("expected a CERTIFICATE, found " + block.type());
        }
        try {
            var factory = CertificateFactory.getInstance("X.509");
            return Parsed.ok((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        } catch (GeneralSecurityException e) {
            if (CertificateKeys.hasEmptyNames(block.der())) {
                // Talos 1.4's aggregator CA: Go accepts its empty names, the JDK does not; nothing left to check
                return Parsed.ok(null);
            }
            return Parsed.failed("certificate does not parse: " + e.getMessage());
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
                    pkcs8 = sequence(VERSION_0, sequence(OID_RSA, DER_NULL), tlv(0x04, block.der()));
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

    /** Empty when the private key belongs to the certificate. */
    static Optional<String> mismatch(X509Certificate certificate, PrivateKey key) {
        PublicKey publicKey = certificate.getPublicKey();
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
        Der outer = new Der(sec1, 0);
        if (outer.tag != 0x30) {
            throw new IllegalArgumentException("SEC 1 key is not a sequence");
        }
        int at = outer.contentStart;
        byte[] curve = null;
        while (at < outer.end()) {
            Der element = new Der(sec1, at);
            if (element.tag == (byte) 0xa0) {
                curve = Arrays.copyOfRange(sec1, element.contentStart, element.end());
            }
            at = element.end();
        }
        if (curve == null) {
            throw new IllegalArgumentException("SEC 1 key names no curve");
        }
        return sequence(VERSION_0, sequence(OID_EC_PUBLIC_KEY, curve), tlv(0x04, sec1));
    }

    /** One DER element header: tag, where the content starts and how long it is. */
    private static final class Der {
        final byte tag;
        final int contentStart;
        final int length;

        Der(byte[] data, int offset) {
            if (offset + 2 > data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            tag = data[offset];
            int first = data[offset + 1] & 0xff;
            if (first < 0x80) {
                length = first;
                contentStart = offset + 2;
            } else {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || offset + 2 + bytes > data.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                int value = 0;
                for (int i = 0; i < bytes; i++) {
                    value = (value << 8) | (data[offset + 2 + i] & 0xff);
                }
                length = value;
                contentStart = offset + 2 + bytes;
            }
            if (contentStart + length > data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
        }

        int end() {
            return contentStart + length;
        }
    }

    private static byte[] sequence(byte[]... parts) {
        var content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
