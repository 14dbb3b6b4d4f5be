package dev.anvil.machinery.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final CertificateAuthority ECDSA_CA = CertificateAuthority.create(
            DistinguishedName.organization("etcd"), KeyType.ECDSA_P256, NOW, NOW.plus(3650, ChronoUnit.DAYS), RANDOM)
            .authority();

    @Test
    void selfSignedCa_isACaForCertSigningAndBothTlsRoles() throws Exception {
        X509Certificate ca = ECDSA_CA.certificate();

        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[KeyUsage.CERT_SIGN.bit()]).isTrue();
        assertThat(ca.getKeyUsage()[KeyUsage.DIGITAL_SIGNATURE.bit()]).isTrue();
        assertThat(ca.getExtendedKeyUsage()).containsExactlyInAnyOrder(ExtKeyUsage.SERVER_AUTH.oid(),
                ExtKeyUsage.CLIENT_AUTH.oid());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("O=etcd");
        assertThat(ca.getSerialNumber().bitLength()).isBetween(64, 128);
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void serverCertificate_chainsToItsCa_withUsagesAndSans() throws Exception {
        var spec = new CertificateSpec(DistinguishedName.commonName("etcd-0"), NOW, NOW.plus(1, ChronoUnit.DAYS),
                false, Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT),
                Set.of(ExtKeyUsage.SERVER_AUTH), List.of("etcd.local", "localhost"),
                List.of(InetAddress.getByName("10.5.0.2"), InetAddress.getByName("::1")));

        X509Certificate leaf = ECDSA_CA.issue(spec, KeyType.ECDSA_P256, RANDOM).certificate();

        validateChain(leaf, ECDSA_CA.certificate());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[KeyUsage.KEY_ENCIPHERMENT.bit()]).isTrue();
        assertThat(leaf.getKeyUsage()[KeyUsage.CERT_SIGN.bit()]).isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(ExtKeyUsage.SERVER_AUTH.oid());
        assertThat(leaf.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactlyInAnyOrder(
                "etcd.local", "localhost", "10.5.0.2", "0:0:0:0:0:0:0:1");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ECDSA_CA.certificate().getSubjectX500Principal());
    }

    @Test
    void ed25519Ca_signsCertificatesThatVerifyAndChain() throws Exception {
        var ca = CertificateAuthority.create(DistinguishedName.organization("talos"), KeyType.ED25519, NOW,
                NOW.plus(10, ChronoUnit.DAYS), RANDOM).authority();
        var spec = new CertificateSpec(DistinguishedName.organization("os:admin"), NOW, NOW.plus(1, ChronoUnit.DAYS),
                false, Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of());

        X509Certificate client = ca.issue(spec, KeyType.ECDSA_P256, RANDOM).certificate();

        client.verify(ca.certificate().getPublicKey());
        validateChain(client, ca.certificate());
        assertThat(ca.certificate().getSigAlgName()).isIn("Ed25519", "EdDSA");
        ca.checkKeyMatches();
    }

    @Test
    void rsaCa_signsWithSha256() throws Exception {
        var ca = CertificateAuthority.create(DistinguishedName.commonName("rsa"), KeyType.RSA_4096, NOW,
                NOW.plus(1, ChronoUnit.DAYS), RANDOM).authority();
        var spec = CertificateSpec.authority(DistinguishedName.commonName("intermediate"), NOW,
                NOW.plus(1, ChronoUnit.HOURS));

        X509Certificate issued = ca.issue(spec, KeyType.ECDSA_P256, RANDOM).certificate();

        issued.verify(ca.certificate().getPublicKey());
        assertThat(issued.getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void checkKeyMatches_otherKey_fails() {
        var other = CertificateAuthority.create(DistinguishedName.organization("x"), KeyType.ECDSA_P256, NOW,
                NOW.plus(1, ChronoUnit.DAYS), RANDOM);
        var mixed = new CertificateAuthority(ECDSA_CA.certificate(), other.keys().getPrivate());

        assertThatThrownBy(mixed::checkKeyMatches).hasMessageContaining("does not belong");
    }

    @Test
    void validityAfter2049_isWrittenAsGeneralizedTime() {
        Instant late = Instant.parse("2060-02-29T12:00:00Z");
        var ca = CertificateAuthority.create(DistinguishedName.organization("late"), KeyType.ECDSA_P256, NOW, late,
                RANDOM);

        assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(late);
    }

    @Test
    void organizations_areTheRolesInOrder() {
        qt().withExamples(40).forAll(lists().of(strings().betweenCodePoints(0x20, 0xd7ff).ofLengthBetween(1, 20)).ofSizeBetween(0, 4))
                .checkAssert(roles -> {
                    var spec = new CertificateSpec(new DistinguishedName("c", roles), NOW,
                            NOW.plus(1, ChronoUnit.DAYS), false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                            Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of());
                    X509Certificate client = ECDSA_CA.issue(spec, ECDSA_CA.certificate().getPublicKey(), RANDOM);
                    assertThat(Names.organizations(client.getSubjectX500Principal())).isEqualTo(roles);
                });
    }

    private static void validateChain(X509Certificate leaf, X509Certificate ca) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW.plusSeconds(60)));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
