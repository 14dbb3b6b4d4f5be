package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.Resources;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.v1alpha1.Pem;
import java.nio.charset.StandardCharsets;
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
    void keyOfAnotherCa_isReportedAsMismatch() {
        var etcdCert = KeyMaterial.certificate(V1.cluster().etcd().ca().crt()).value();
        var k8sKey = KeyMaterial.privateKey(V1.cluster().ca().key()).value();
        var osKey = KeyMaterial.privateKey(V1.machine().ca().key()).value();

        assertThat(KeyMaterial.mismatch(etcdCert, k8sKey)).isPresent();
        assertThat(KeyMaterial.mismatch(etcdCert, osKey)).isPresent();
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
