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
    void written_ownerOnly_eachMemberCertificateInOneFileWithItsKey_earlierFilesRemoved(@TempDir Path dir)
            throws Exception {
        Path etcd = Files.createDirectories(dir.resolve("etcd"));
        Files.writeString(etcd.resolve("server.key"), "a key of the layout before");
        EtcdCertificates.Layout files = issued.write(etcd);
        assertThat(Files.getPosixFilePermissions(files.dir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (Path file : List.of(files.ca(), files.server(), files.peer())) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        for (Path pair : List.of(files.server(), files.peer())) {
            String pem = Files.readString(pair);
            int key = pem.indexOf("-----BEGIN EC PRIVATE KEY-----");
            assertThat(key).as(pair.toString()).isPositive();
            assertThat(CertificateAuthority.fromPem(pem.substring(0, key), pem.substring(key)))
                    .satisfies(CertificateAuthority::checkKeyMatches);
        }
        assertThat(PemCodec.parseCertificate(Files.readString(files.ca()))).isEqualTo(CA.certificate());
        issued.write(etcd);
        try (var present = Files.list(files.dir())) {
            assertThat(present.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.crt",
                    "server.pem", "peer.pem");
        }
    }
}
