package dev.anvil.machinery.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.machinery.config.v1alpha1.Pem;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.pki.Names;
import dev.anvil.machinery.pki.PemCodec;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsFileTest {

    private static final SecretsBundle BUNDLE = Bundles.GENERATED;

    @Test
    void talosBundle_loadsAndWritesBackByteForByte() {
        String text = Bundles.talosText();

        SecretsBundle bundle = SecretsFile.parse(text);

        assertThat(SecretsFile.encode(bundle)).isEqualTo(text);
        assertThat(KeyType.of(bundle.osAuthority().key())).isEqualTo(KeyType.ED25519);
    }

    @Test
    void talosEd25519OsCa_issuesClientCertificatesThatVerify() throws Exception {
        SecretsBundle bundle = Bundles.talos();

        var issued = bundle.clientCertificate(List.of("os:reader"), Instant.now(), Duration.ofHours(1),
                new SecureRandom());

        issued.certificate().verify(bundle.osAuthority().certificate().getPublicKey());
        assertThat(Names.organizations(issued.certificate().getSubjectX500Principal())).containsExactly("os:reader");
    }

    @Test
    void generatedBundle_roundTrips() {
        assertThat(SecretsFile.parse(SecretsFile.encode(BUNDLE))).isEqualTo(BUNDLE);
    }

    @Test
    void generatedBundle_hasTalosSubjectsAndOurKeyTypes() throws Exception {
        assertThat(subject(BUNDLE.certs().etcd())).isEqualTo("O=etcd");
        assertThat(subject(BUNDLE.certs().k8s())).isEqualTo("O=kubernetes");
        assertThat(subject(BUNDLE.certs().k8sAggregator())).isEqualTo("CN=front-proxy");
        assertThat(subject(BUNDLE.certs().os())).isEqualTo("O=talos");
        for (Pem.CertAndKey ca : List.of(BUNDLE.certs().etcd(), BUNDLE.certs().k8s(), BUNDLE.certs().k8sAggregator(),
                BUNDLE.certs().os())) {
            X509Certificate certificate = certificate(ca);
            assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(certificate.getKeyUsage()[KeyUsage.CERT_SIGN.bit()]).isTrue();
            assertThat(certificate.getExtendedKeyUsage()).contains(ExtKeyUsage.CLIENT_AUTH.oid(),
                    ExtKeyUsage.SERVER_AUTH.oid());
            assertThat(Duration.between(certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant())).isEqualTo(SecretsBundle.CA_VALIDITY);
            assertThat(PemCodec.decode(PemCodec.fromBase64(ca.key(), "key")).type()).isEqualTo("EC PRIVATE KEY");
        }
        String serviceAccount = PemCodec.fromBase64(BUNDLE.certs().k8sServiceAccount().key(), "key");
        assertThat(PemCodec.decode(serviceAccount).type()).isEqualTo("RSA PRIVATE KEY");
        assertThat(BUNDLE.secrets().bootstrapToken()).matches("[0-9a-z]{6}\\.[0-9a-z]{16}");
        assertThat(BUNDLE.trustdInfo().token()).matches("[0-9a-z]{6}\\.[0-9a-z]{16}");
        assertThat(java.util.Base64.getDecoder().decode(BUNDLE.cluster().id())).hasSize(32);
        assertThat(java.util.Base64.getDecoder().decode(BUNDLE.secrets().secretboxEncryptionSecret())).hasSize(32);
    }

    @Test
    void clientCertificate_isAnAdminClientChainedToTheOsCa() throws Exception {
        var issued = BUNDLE.clientCertificate(List.of("os:admin"), Instant.now(), SecretsBundle.CLIENT_VALIDITY,
                new SecureRandom());

        X509Certificate crt = issued.certificate();
        crt.verify(BUNDLE.osAuthority().certificate().getPublicKey());
        assertThat(crt.getExtendedKeyUsage()).containsExactly(ExtKeyUsage.CLIENT_AUTH.oid());
        assertThat(crt.getKeyUsage()[KeyUsage.DIGITAL_SIGNATURE.bit()]).isTrue();
        assertThat(crt.getBasicConstraints()).isEqualTo(-1);
        assertThat(Names.organizations(crt.getSubjectX500Principal())).containsExactly("os:admin");
    }

    @Test
    void badBundles_failWithThePath() {
        String text = SecretsFile.encode(BUNDLE);
        assertThatThrownBy(() -> SecretsFile.parse(text.replace("trustdinfo:", "trustd:")))
                .hasMessageStartingWith("unknown field trustd");
        assertThatThrownBy(() -> SecretsFile.parse(text.replaceAll("    bootstraptoken: .*\n", "")))
                .hasMessage("secrets.bootstraptoken is required");
        String swapped = text.replace(BUNDLE.certs().k8s().key(), BUNDLE.certs().etcd().key());
        assertThatThrownBy(() -> SecretsFile.parse(swapped))
                .hasMessage("certs.k8s: the key does not belong to the certificate");
        assertThatThrownBy(() -> SecretsFile.parse("cluster: [")).hasMessageStartingWith("secrets bundle is not valid YAML");
        assertThatThrownBy(() -> SecretsFile.parse("- a")).hasMessage("the secrets bundle must be a mapping");
    }

    private static X509Certificate certificate(Pem.CertAndKey ca) {
        return CertificateAuthority.fromPem(PemCodec.fromBase64(ca.crt(), "crt"), PemCodec.fromBase64(ca.key(), "key"))
                .certificate();
    }

    private static String subject(Pem.CertAndKey ca) {
        return certificate(ca).getSubjectX500Principal().getName();
    }
}
