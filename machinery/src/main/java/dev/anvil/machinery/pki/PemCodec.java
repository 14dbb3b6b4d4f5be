package dev.anvil.machinery.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * PEM text for certificates and private keys in the block types Talos writes and reads: {@code EC PRIVATE KEY}
 * (SEC 1), {@code RSA PRIVATE KEY} (PKCS#1), and PKCS#8 as {@code PRIVATE KEY} or Talos's own
 * {@code ED25519 PRIVATE KEY}. The JDK speaks only PKCS#8, so SEC 1 and PKCS#1 are converted here, both ways.
 * Malformed input fails with an {@link IllegalArgumentException} whose message a person can act on.
 */
public final class PemCodec {

    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String P256 = "1.2.840.10045.3.1.7";
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

    /** One PEM block: its type ({@code CERTIFICATE}, {@code EC PRIVATE KEY}, ...) and DER content. */
    public record Block(String type, byte[] der) {
    }

    private PemCodec() {
    }

    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The first block of a PEM text. */
    public static Block decode(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        int typeEnd = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
        if (typeEnd < 0) {
            throw new IllegalArgumentException("not PEM: no BEGIN line");
        }
        String type = pem.substring(begin + 11, typeEnd);
        String endLine = "-----END " + type + "-----";
        int end = pem.indexOf(endLine, typeEnd);
        if (end < 0) {
            throw new IllegalArgumentException("PEM block " + type + " has no END line");
        }
        try {
            return new Block(type, Base64.getMimeDecoder().decode(pem.substring(typeEnd + 5, end)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + type + " is not base64");
        }
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate does not encode: " + e.getMessage(), e);
        }
    }

    public static X509Certificate parseCertificate(String pem) {
        Block block = decode(pem);
        if (!block.type().equals("CERTIFICATE")) {
            throw new IllegalArgumentException("expected a CERTIFICATE, found " + block.type());
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block.der()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * A private key the way Talos writes one of its type: SEC 1 for ECDSA (curve and public key included, as Go's
     * parser wants them), PKCS#1 for RSA, PKCS#8 for Ed25519.
     */
    public static String privateKey(KeyPair pair) {
        PrivateKey key = pair.getPrivate();
        return switch (KeyType.of(key)) {
            case ECDSA_P256 -> encode("EC PRIVATE KEY", sec1((ECPrivateKey) key, (ECPublicKey) pair.getPublic()));
            case RSA_4096 -> encode("RSA PRIVATE KEY", pkcs8Payload(key.getEncoded()));
            case ED25519 -> encode("PRIVATE KEY", key.getEncoded());
        };
    }

    public static PrivateKey parsePrivateKey(String pem) {
        Block block = decode(pem);
        return switch (block.type()) {
            case "EC PRIVATE KEY" -> generate("EC", Der.sequence(Der.integer(0),
                    Der.sequence(Der.oid(EC_PUBLIC_KEY), sec1Curve(block.der())), Der.octetString(block.der())));
            case "RSA PRIVATE KEY" -> generate("RSA", Der.sequence(Der.integer(0),
                    Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()), Der.octetString(block.der())));
            case "PRIVATE KEY", "ED25519 PRIVATE KEY" -> pkcs8(block.der());
            default -> throw new IllegalArgumentException("unsupported private key type " + block.type());
        };
    }

    /**
     * The public half of a PEM private key, as a PKIX {@code PUBLIC KEY} block (what kube-apiserver's
     * {@code --service-account-key-file} reads): for SEC 1 the public point the key carries, for PKCS#1 its modulus
     * and exponent; a PKCS#8 key is unwrapped to one of those first.
     *
     * @throws IllegalArgumentException for an Ed25519 key, an EC key without its public point, or a malformed key
     */
    public static String publicKeyOf(String privatePem) {
        Block block = decode(privatePem);
        byte[] spki = switch (block.type()) {
            case "EC PRIVATE KEY" -> ecPublicKeyInfo(block.der(), sec1Curve(block.der()));
            case "RSA PRIVATE KEY" -> rsaPublicKeyInfo(block.der());
            case "PRIVATE KEY" -> switch (jdkAlgorithm(Der.read(block.der()).children().get(1))) {
                case "EC" -> ecPublicKeyInfo(pkcs8Payload(block.der()), pkcs8Curve(block.der()));
                case "RSA" -> rsaPublicKeyInfo(pkcs8Payload(block.der()));
                default -> throw new IllegalArgumentException("no public key is derived from an Ed25519 key here");
            };
            default -> throw new IllegalArgumentException("unsupported private key type " + block.type());
        };
        return encode("PUBLIC KEY", spki);
    }

    /** The curve of a PKCS#8 EC key: its AlgorithmIdentifier's parameters (the SEC 1 inside may omit it). */
    private static byte[] pkcs8Curve(byte[] pkcs8) {
        List<Der.Element> algorithm = Der.read(pkcs8).children().get(1).children();
        if (algorithm.size() < 2) {
            throw new IllegalArgumentException("PKCS#8 EC key names no curve");
        }
        Der.Element curve = algorithm.get(1);
        return Der.tlv(curve.tag(), curve.content());
    }

    private static byte[] ecPublicKeyInfo(byte[] sec1, byte[] curve) {
        List<Der.Element> fields = Der.read(sec1).expect(Der.SEQUENCE, "EC PRIVATE KEY").children();
        byte[] point = fields.stream().filter(f -> f.tag() == 0xa1).findFirst()
                .map(f -> Der.read(f.content()).expect(Der.BIT_STRING, "EC public key").content())
                .orElseThrow(() -> new IllegalArgumentException("EC PRIVATE KEY carries no public key"));
        // the bit string's content starts with its count of unused bits, which bitString adds back
        return Der.sequence(Der.sequence(Der.oid(EC_PUBLIC_KEY), curve),
                Der.bitString(Arrays.copyOfRange(point, 1, point.length)));
    }

    private static byte[] rsaPublicKeyInfo(byte[] pkcs1) {
        List<Der.Element> fields = Der.read(pkcs1).expect(Der.SEQUENCE, "RSA PRIVATE KEY").children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("RSA PRIVATE KEY is truncated");
        }
        BigInteger modulus = new BigInteger(fields.get(1).expect(Der.INTEGER, "RSA modulus").content());
        BigInteger exponent = new BigInteger(fields.get(2).expect(Der.INTEGER, "RSA exponent").content());
        return Der.sequence(Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()),
                Der.bitString(Der.sequence(Der.integer(modulus), Der.integer(exponent))));
    }

    /** Base64 of PEM text, the way Talos's YAML files hold certificates and keys. */
    public static String toBase64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    public static String fromBase64(String base64, String what) {
        try {
            // strict: the MIME decoder would skip any garbage; whitespace is all a YAML value may add
            return new String(Base64.getDecoder().decode(base64.replaceAll("\\s", "")), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64 of PEM text");
        }
    }

    private static byte[] sec1(ECPrivateKey key, ECPublicKey publicKey) {
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = Der.concat(new byte[] {4}, unsigned(publicKey.getW().getAffineX(), size),
                unsigned(publicKey.getW().getAffineY(), size));
        return Der.sequence(Der.integer(1), Der.octetString(unsigned(key.getS(), size)),
                Der.explicit(0, Der.oid(P256)), Der.explicit(1, Der.bitString(point)));
    }

    private static byte[] sec1Curve(byte[] sec1) {
        List<Der.Element> fields = Der.read(sec1).expect(Der.SEQUENCE, "EC PRIVATE KEY").children();
        return fields.stream().filter(f -> f.tag() == 0xa0).findFirst()
                .map(Der.Element::content)
                .orElseThrow(() -> new IllegalArgumentException("EC PRIVATE KEY names no curve"));
    }

    /** The privateKey octets of a PKCS#8 structure (for RSA, the PKCS#1 key). */
    private static byte[] pkcs8Payload(byte[] pkcs8) {
        List<Der.Element> fields = Der.read(pkcs8).expect(Der.SEQUENCE, "PKCS#8 key").children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("PKCS#8 key is truncated");
        }
        return fields.get(2).expect(Der.OCTET_STRING, "PKCS#8 key").content();
    }

    private static PrivateKey pkcs8(byte[] der) {
        List<Der.Element> fields = Der.read(der).expect(Der.SEQUENCE, "PKCS#8 key").children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("PKCS#8 key is truncated");
        }
        return generate(jdkAlgorithm(fields.get(1)), der);
    }

    /** The JDK key algorithm an AlgorithmIdentifier (of a PKCS#8 key or a SubjectPublicKeyInfo) names. */
    static String jdkAlgorithm(Der.Element algorithmIdentifier) {
        byte[] oid = algorithmIdentifier.expect(Der.SEQUENCE, "key algorithm").children().getFirst()
                .expect(Der.OID, "key algorithm").content();
        return switch (java.util.HexFormat.of().formatHex(oid)) {
            case "2b6570" -> "Ed25519";
            case "2a8648ce3d0201" -> "EC";
            case "2a864886f70d010101" -> "RSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm");
        };
    }

    private static PrivateKey generate(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(algorithm + " private key does not parse: " + e.getMessage(), e);
        }
    }

    private static byte[] unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
        return out;
    }
}
