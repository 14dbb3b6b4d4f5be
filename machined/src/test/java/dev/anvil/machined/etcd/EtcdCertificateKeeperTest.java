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
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Renewal of a member's certificate files by time and by the node's names, and the client identity handed on. */
class EtcdCertificateKeeperTest {
    private static final CertificateAuthority CA = CertificateAuthority.create(DistinguishedName.commonName("etcd"),
            KeyType.ECDSA_P256, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)),
            new SecureRandom()).authority();

    @TempDir
    Path dir;
    private final AtomicReference<List<InetAddress>> addresses =
            new AtomicReference<>(List.of(InetAddress.ofLiteral("10.213.9.2")));
    private final List<EtcdClient.Identity> renewed = new CopyOnWriteArrayList<>();

    private static X509Certificate served(Path pair) throws Exception {
        return PemCodec.parseCertificate(Files.readString(pair));
    }

    @Test
    void certificatesPastTwoThirdsOfTheirValidity_areIssuedAgain() throws Exception {
        // issued 60 s back (clock skew) for 33 s ahead: two thirds of that have passed 2 s from now
        try (var keeper = new EtcdCertificateKeeper(CA, dir, () -> "cp-1", addresses::get, Duration.ofSeconds(33))) {
            EtcdCertificateKeeper.Written first = keeper.issue();
            X509Certificate server = served(first.layout().server());
            keeper.keep(renewed::add);
            Thread.sleep(1000);
            assertThat(renewed).as("not yet due").isEmpty();

            await().atMost(Duration.ofSeconds(10)).until(() -> !renewed.isEmpty());
            X509Certificate again = served(first.layout().server());
            assertThat(again.getSerialNumber()).isNotEqualTo(server.getSerialNumber());
            assertThat(again.getNotAfter()).isAfter(server.getNotAfter());
            again.verify(CA.certificate().getPublicKey());
            assertThat(renewed.getFirst().certificate().getNotAfter())
                    .isAfter(first.identity().certificate().getNotAfter());
        }
    }

    @Test
    void anAddressTheCertificatesDoNotName_hasThemIssuedAgainNamingIt() throws Exception {
        try (var keeper = new EtcdCertificateKeeper(CA, dir, () -> "cp-1", addresses::get, Duration.ofDays(365))) {
            EtcdCertificateKeeper.Written first = keeper.issue();
            keeper.keep(renewed::add);

            addresses.set(List.of(InetAddress.ofLiteral("10.213.9.2"), InetAddress.ofLiteral("10.213.9.50")));
            await().atMost(EtcdCertificateKeeper.CHECK.multipliedBy(3)).until(() -> !renewed.isEmpty());
            for (Path pair : List.of(first.layout().server(), first.layout().peer())) {
                assertThat(served(pair).getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                        .contains("cp-1", "10.213.9.2", "10.213.9.50", "127.0.0.1");
            }
            Thread.sleep(EtcdCertificateKeeper.CHECK.toMillis() + 500);
            assertThat(renewed).as("nothing changed since: no further renewal").hasSize(1);
        }
    }
}
