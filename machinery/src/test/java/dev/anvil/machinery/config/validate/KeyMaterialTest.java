package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.Resources;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.v1alpha1.Pem;
import dev.anvil.machinery.pki.Der;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

    private static final V1Alpha1 V1 = ConfigLoader.load(Resources.config("controlplane.yaml"), false)
            .config().v1alpha1().orElseThrow();

    @Test
    void ed25519_talosStyleKey_parsesAndMatchesItsCertificate() {
        Pem.CertAndKey os = V1.machine().ca();

        var cert = KeyMaterial.certificate(os.crt());
        var key = KeyMaterial.privateKey(os.key());

        assertThat(key.value().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(KeyMaterial.mismatch(cert.value(), key.value())).isEmpty();
    }

    @Test
    void ecdsaSec1Key_parsesAndMatches() {
        Pem.CertAndKey k8s = V1.cluster().ca();

        var key = KeyMaterial.privateKey(k8s.key());

        assertThat(key.value().getAlgorithm()).isEqualTo("EC");
        assertThat(KeyMaterial.mismatch(KeyMaterial.certificate(k8s.crt()).value(), key.value())).isEmpty();
    }

    @Test
    void rsaPkcs1Key_parses() {
        assertThat(KeyMaterial.privateKey(V1.cluster().serviceAccount().key()).value().getAlgorithm())
                .isEqualTo("RSA");
    }

    @Test
    void certificateWithEmptyIssuer_whichTheJdkRefuses_stillYieldsItsKey() throws java.io.IOException {
        String crt = resource("/pki/empty-issuer.crt.b64");
        String key = resource("/pki/empty-issuer.key.b64");

        var publicKey = KeyMaterial.certificate(crt);

        assertThat(publicKey.error()).isNull();
        assertThat(KeyMaterial.mismatch(publicKey.value(), KeyMaterial.privateKey(key).value())).isEmpty();
        assertThat(KeyMaterial.mismatch(publicKey.value(), KeyMaterial.privateKey(V1.cluster().ca().key()).value()))
                .isPresent();
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = KeyMaterialTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void keyOfAnotherCa_isReportedAsMismatch() {
        var etcdCert = KeyMaterial.certificate(V1.cluster().etcd().ca().crt()).value();
        var k8sKey = KeyMaterial.privateKey(V1.cluster().ca().key()).value();
        var osKey = KeyMaterial.privateKey(V1.machine().ca().key()).value();

        assertThat(KeyMaterial.mismatch(etcdCert, k8sKey)).isPresent();
        assertThat(KeyMaterial.mismatch(etcdCert, osKey)).isPresent();
    }

    @Test
    void ecKey_statingItsPublicKey_matchesByIt_alsoInsidePkcs8() {
        Pem.CertAndKey k8s = V1.cluster().ca();
        var cert = KeyMaterial.certificate(k8s.crt()).value();
        var key = KeyMaterial.privateKey(k8s.key()).value();
        String pkcs8 = pem("PRIVATE KEY", Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.840.10045.2.1"),
                Der.oid("1.2.840.10045.3.1.7")), Der.octetString(der(k8s.key()))));

        assertThat(KeyMaterial.statedEcPublicKey(k8s.key())).isPresent();
        assertThat(KeyMaterial.statedEcPublicKey(pkcs8)).get().isEqualTo(KeyMaterial.statedEcPublicKey(k8s.key()).get());
        assertThat(KeyMaterial.mismatch(cert, key, k8s.key())).isEmpty();
        assertThat(KeyMaterial.mismatch(cert, KeyMaterial.privateKey(pkcs8).value(), pkcs8)).isEmpty();
        var etcdCert = KeyMaterial.certificate(V1.cluster().etcd().ca().crt()).value();
        assertThat(KeyMaterial.mismatch(etcdCert, key, k8s.key())).contains("key does not belong to the certificate");
    }

    @Test
    void ecKey_withoutItsPublicKey_isCheckedBySigning() {
        Pem.CertAndKey k8s = V1.cluster().ca();
        byte[] sec1 = der(k8s.key());
        var fields = Der.read(sec1).children().stream().filter(e -> e.tag() != 0xa1)
                .map(e -> Arrays.copyOfRange(sec1, e.contentStart() - 2, e.end())) // short elements: 2-byte headers
                .toArray(byte[][]::new);
        String bare = pem("EC PRIVATE KEY", Der.sequence(fields));
        var key = KeyMaterial.privateKey(bare).value();

        assertThat(KeyMaterial.statedEcPublicKey(bare)).isEmpty();
        assertThat(KeyMaterial.mismatch(KeyMaterial.certificate(k8s.crt()).value(), key, bare)).isEmpty();
        assertThat(KeyMaterial.mismatch(KeyMaterial.certificate(V1.cluster().etcd().ca().crt()).value(), key, bare))
                .isPresent();
    }

    private static byte[] der(String base64Pem) {
        String pem = new String(Base64.getMimeDecoder().decode(base64Pem), StandardCharsets.US_ASCII);
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        return Base64.getMimeDecoder().decode(body);
    }

    private static String pem(String type, byte[] der) {
        String text = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void garbage_isAnErrorNotAnException() {
        String notPem = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII));
        String brokenCert = Base64.getEncoder().encodeToString(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
        String brokenKey = Base64.getEncoder().encodeToString(
                "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(KeyMaterial.certificate("%%%").error()).isNotNull();
        assertThat(KeyMaterial.certificate(notPem).error()).isNotNull();
        assertThat(KeyMaterial.certificate(brokenCert).error()).contains("does not parse");
        assertThat(KeyMaterial.privateKey(brokenKey).error()).isNotNull();
        assertThat(KeyMaterial.privateKey(V1.cluster().ca().crt()).error()).contains("unsupported key type");
    }
}
