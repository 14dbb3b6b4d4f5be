package dev.anvil.machinery.upgrade;

import dev.anvil.machinery.pki.PemCodec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * The signature of an upgrade bundle: ECDSA P-256 with SHA-256 over the manifest's bytes, DER-encoded as the JDK
 * writes it. Keys travel as PEM: {@code PUBLIC KEY} (SubjectPublicKeyInfo) for the trust document and {@code PRIVATE
 * KEY} (PKCS#8) for the signer.
 */
public final class BundleSignature {
    private static final String ALGORITHM = "SHA256withECDSA";
    private static final int P256_BITS = 256;

    private BundleSignature() {
    }

    /** A new P-256 signing key. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    public static String publicKeyPem(PublicKey key) {
        return PemCodec.encode("PUBLIC KEY", key.getEncoded());
    }

    /** A PEM public key; fails with a reason unless it is an ECDSA P-256 key. */
    public static PublicKey publicKey(String pem) {
        PemCodec.Block block = PemCodec.decode(pem);
        if (!block.type().equals("PUBLIC KEY")) {
            throw new IllegalArgumentException("a PUBLIC KEY PEM block is expected, not " + block.type());
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.der()));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
                throw new IllegalArgumentException("an ECDSA P-256 key is expected");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an ECDSA public key: " + e.getMessage(), e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] manifest) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(manifest);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an ECDSA P-256 key is expected): "
                    + e.getMessage(), e);
        }
    }

    /** True when one of the trusted keys verifies the signature of the manifest. */
    public static boolean verify(List<PublicKey> trusted, byte[] manifest, byte[] signature) {
        for (PublicKey key : trusted) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(manifest);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature verifies with no key
            }
        }
        return false;
    }
}
