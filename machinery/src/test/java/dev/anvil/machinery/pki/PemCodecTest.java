package dev.anvil.machinery.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemCodecTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @CsvSource({"ECDSA_P256, EC PRIVATE KEY", "ED25519, PRIVATE KEY", "RSA_4096, RSA PRIVATE KEY"})
    void privateKey_roundTripsInTalosFormat(KeyType type, String blockType) throws Exception {
        KeyPair pair = type.generate(RANDOM);

        String pem = PemCodec.privateKey(pair);
        PrivateKey parsed = PemCodec.parsePrivateKey(pem);

        assertThat(PemCodec.decode(pem).type()).isEqualTo(blockType);
        assertThat(KeyType.of(parsed)).isEqualTo(type);
        assertThat(signs(parsed, pair)).isTrue();
        assertThat(PemCodec.privateKey(new KeyPair(pair.getPublic(), parsed))).isEqualTo(pem);
    }

    @Test
    void talosEd25519Header_isReadAsPkcs8() {
        KeyPair pair = KeyType.ED25519.generate(RANDOM);
        String pem = PemCodec.encode("ED25519 PRIVATE KEY", pair.getPrivate().getEncoded());

        assertThat(KeyType.of(PemCodec.parsePrivateKey(pem))).isEqualTo(KeyType.ED25519);
    }

    @Test
    void certificate_roundTripsThroughPemAndBase64() {
        var issued = CertificateAuthority.create(DistinguishedName.organization("talos"), KeyType.ECDSA_P256,
                Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS), RANDOM);

        String base64 = PemCodec.toBase64(issued.certificatePem());
        var parsed = PemCodec.parseCertificate(PemCodec.fromBase64(base64, "crt"));

        assertThat(parsed).isEqualTo(issued.certificate());
        assertThat(base64).startsWith("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t");
    }

    @Test
    void badInput_failsWithAReadableMessage() {
        assertThatThrownBy(() -> PemCodec.parsePrivateKey("hello")).hasMessage("not PEM: no BEGIN line");
        assertThatThrownBy(() -> PemCodec.parsePrivateKey("-----BEGIN DSA PRIVATE KEY-----\nAAAA\n"))
                .hasMessage("PEM block DSA PRIVATE KEY has no END line");
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(PemCodec.encode("DSA PRIVATE KEY", new byte[] {1})))
                .hasMessage("unsupported private key type DSA PRIVATE KEY");
        assertThatThrownBy(() -> PemCodec.parsePrivateKey(PemCodec.encode("EC PRIVATE KEY", new byte[] {0x30, 9})))
                .hasMessage("truncated DER");
        assertThatThrownBy(() -> PemCodec.parseCertificate(PemCodec.encode("PRIVATE KEY", new byte[] {1})))
                .hasMessage("expected a CERTIFICATE, found PRIVATE KEY");
        assertThatThrownBy(() -> PemCodec.fromBase64("%%%", "certs.os.crt"))
                .hasMessage("certs.os.crt is not base64 of PEM text");
    }

    private static boolean signs(PrivateKey key, KeyPair pair) throws Exception {
        String algorithm = KeyType.of(key).signatureAlgorithm();
        var signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        var verifier = Signature.getInstance(algorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signer.sign());
    }
}
