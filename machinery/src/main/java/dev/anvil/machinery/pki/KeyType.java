package dev.anvil.machinery.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The key types of Anvil and Talos PKI, each with the signature algorithm a certificate signed by such a key uses.
 * Ours are ECDSA P-256; Talos's OS CA is Ed25519; the Kubernetes service-account key is RSA-4096.
 */
public enum KeyType {
    ECDSA_P256("EC", "SHA256withECDSA", "1.2.840.10045.4.3.2", false),
    ED25519("Ed25519", "Ed25519", "1.3.101.112", false),
    RSA_4096("RSA", "SHA256withRSA", "1.2.840.113549.1.1.11", true);

    private final String jdkAlgorithm;
    private final String signatureAlgorithm;
    private final String signatureOid;
    private final boolean nullParameters;

    KeyType(String jdkAlgorithm, String signatureAlgorithm, String signatureOid, boolean nullParameters) {
        this.jdkAlgorithm = jdkAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signatureOid = signatureOid;
        this.nullParameters = nullParameters;
    }

    public KeyPair generate(SecureRandom random) {
        try {
            var generator = KeyPairGenerator.getInstance(jdkAlgorithm);
            switch (this) {
                case ECDSA_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                case RSA_4096 -> generator.initialize(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4),
                        random);
                case ED25519 -> generator.initialize(255, random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }

    /**
     * The type of a JDK key, for signing: any RSA key counts as {@link #RSA_4096} (the size matters only when
     * generating). Ed25519 keys report "EdDSA" or "Ed25519" depending on how they were made.
     */
    public static KeyType of(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> ECDSA_P256;
            case "RSA" -> RSA_4096;
            case "Ed25519", "EdDSA" -> ED25519;
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The AlgorithmIdentifier of signatures made with this key type. */
    byte[] signatureAlgorithmIdentifier() {
        return nullParameters ? Der.sequence(Der.oid(signatureOid), Der.nullValue()) : Der.sequence(Der.oid(signatureOid));
    }
}
