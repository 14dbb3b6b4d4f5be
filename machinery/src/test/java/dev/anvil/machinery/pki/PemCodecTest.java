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

    @ParameterizedTest
    @CsvSource({"ECDSA_P256", "RSA_4096"})
    void publicKeyOf_isThePairsPublicKey_asPkix(KeyType type) throws Exception {
        KeyPair pair = type.generate(RANDOM);

        String pub = PemCodec.publicKeyOf(PemCodec.privateKey(pair));

        assertThat(PemCodec.decode(pub).type()).isEqualTo("PUBLIC KEY");
        assertThat(PemCodec.decode(pub).der()).isEqualTo(pair.getPublic().getEncoded());
    }

    /** Keys as openssl writes them (SEC 1, PKCS#1, PKCS#8): the public key is the one openssl derives itself. */
    @ParameterizedTest
    @CsvSource({"ec -traditional, -pkeyopt ec_paramgen_curve:P-256", "rsa -traditional, -pkeyopt rsa_keygen_bits:2048",
            "ec, -pkeyopt ec_paramgen_curve:P-256", "rsa, -pkeyopt rsa_keygen_bits:2048"})
    void publicKeyOf_matchesOpenssl(String algorithmAndFormat, String option) throws Exception {
        String[] words = algorithmAndFormat.split(" ");
        String[] opt = option.split(" ");
        String key = openssl(null, "genpkey", "-algorithm", words[0], opt[0], opt[1]);
        if (words.length > 1) {
            key = openssl(key, "pkey", words[1]);
        }
        String expected = openssl(key, "pkey", "-pubout");

        assertThat(PemCodec.publicKeyOf(key)).isEqualTo(expected);
    }

    @Test
    void publicKeyOf_ed25519_saysItIsNotDerived() {
        String pem = PemCodec.privateKey(KeyType.ED25519.generate(RANDOM));

        assertThatThrownBy(() -> PemCodec.publicKeyOf(pem)).hasMessageContaining("Ed25519");
    }

    private static String openssl(String input, String... args) throws Exception {
        var command = new java.util.ArrayList<String>(java.util.List.of("openssl"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).as("openssl %s", String.join(" ", args)).isZero();
        return out;
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
