package dev.anvil.machined.etcd;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.PemCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final CertificateAuthority CA = CertificateAuthority.create(DistinguishedName.commonName("etcd"),
            KeyType.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), new SecureRandom())
            .authority();

    private final EtcdCertificates issued = EtcdCertificates.issue(CA, "cp-1",
            List.of(InetAddress.ofLiteral("10.5.0.2")), NOW);

    @Test
    void serverAndPeer_nameTheHostnameTheAddressesAndLoopback_andServeAndDialWithOneCertificate() throws Exception {
        for (EtcdCertificates.X509Pem member : List.of(issued.server(), issued.peer())) {
            X509Certificate certificate = PemCodec.parseCertificate(member.certificate());
            certificate.verify(CA.certificate().getPublicKey());
            assertThat(certificate.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                    .contains("cp-1", "localhost", "10.5.0.2", "127.0.0.1");
            assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
            assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
            assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
        }
    }

    @Test
    void machinedsClientCertificate_isForClientAuthOnly_fromTheEtcdCa() throws Exception {
        X509Certificate client = PemCodec.parseCertificate(issued.client().certificate());
        client.verify(CA.certificate().getPublicKey());
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(client.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(300)));
    }

    @Test
    void written_ownerOnly_keysMatchingTheirCertificates(@TempDir Path dir) throws Exception {
        EtcdCertificates.Layout files = issued.write(dir.resolve("etcd"));
        assertThat(Files.getPosixFilePermissions(files.dir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (Path file : List.of(files.ca(), files.serverCertificate(), files.serverKey(), files.peerCertificate(),
                files.peerKey(), files.clientCertificate(), files.clientKey())) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(CertificateAuthority.fromPem(Files.readString(files.serverCertificate()),
                Files.readString(files.serverKey()))).satisfies(CertificateAuthority::checkKeyMatches);
        assertThat(PemCodec.parseCertificate(Files.readString(files.ca()))).isEqualTo(CA.certificate());
        issued.write(dir.resolve("etcd"));
        assertThat(Files.list(files.dir())).hasSize(7);
    }
}
