package dev.anvil.machined.server.trustd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.membership.AffiliateRegistry;
import dev.anvil.machined.membership.Membership;
import dev.anvil.machined.server.CertificateRenewal;
import dev.anvil.machined.server.IdentityKeyManager;
import dev.anvil.machined.server.ServerCertificates;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.resources.cluster.Affiliate;
import dev.anvil.machinery.resources.cluster.ControlPlane;
import dev.anvil.machinery.resources.cluster.MachineType;
import dev.anvil.machinery.resources.network.NetIp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** trustd in this JVM on loopback: signing, tokens, renewal through it, and the membership exchange. */
class TrustdTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final CertificateAuthority ca = CertificateAuthority.create(DistinguishedName.organization("talos"),
            KeyType.ECDSA_P256, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), RANDOM).authority();
    private final AffiliateRegistry controlPlaneRegistry = new AffiliateRegistry(new InMemoryState(),
            InstantSource.system());
    private TrustdServer server;

    @BeforeEach
    void start() throws Exception {
        IdentityKeyManager identity = IdentityKeyManager.of(ServerCertificates.fromOsCa(ca, "cp", List.of(LOOPBACK)));
        controlPlaneRegistry.local(affiliate("cp", MachineType.CONTROL_PLANE));
        server = TrustdServer.start(new InetSocketAddress(LOOPBACK, 0), identity, "the-token",
                List.of(new SecurityServer(ca, List.of(ca.certificate()), Duration.ofSeconds(3)),
                        new MembershipServer(controlPlaneRegistry, () -> true, Membership.TTL, () -> { })));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Affiliate affiliate(String id, MachineType type) {
        return new Affiliate(id, List.of(NetIp.of(LOOPBACK)), id, id, "Anvil (test)", type,
                type.isControlPlane() ? new ControlPlane(6443) : null);
    }

    private TrustdCertificates certificates(TrustdClient client) {
        return new TrustdCertificates(client, () -> List.of(LOOPBACK.getHostAddress()), "worker",
                () -> List.of(LOOPBACK), ca.certificate());
    }

    @Test
    void certificate_isTheOsCasForTheAddresses_andRenewedBeforeItExpires() throws Exception {
        try (TrustdClient client = new TrustdClient(ca.certificate(), "the-token", server.port())) {
            KeyPair keys = KeyType.ECDSA_P256.generate(RANDOM);
            TrustdCertificates certificates = certificates(client);
            X509Certificate first = certificates.server(keys).certificate();
            first.verify(ca.certificate().getPublicKey());
            assertThat(first.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            assertThat(first.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                    .contains("worker", LOOPBACK.getHostAddress());
            assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=worker");

            IdentityKeyManager identity = IdentityKeyManager.of(certificates.server(keys));
            X509Certificate before = identity.certificate();
            try (CertificateRenewal renewal = CertificateRenewal.keep(identity, () -> certificates.server(keys),
                    "test")) {
                Awaitility.await().atMost(Duration.ofSeconds(15))
                        .until(() -> !identity.certificate().equals(before));
            }
            assertThat(identity.certificate().getNotAfter()).isAfter(before.getNotAfter());

            X509Certificate reader = certificates.client().certificate();
            assertThat(reader.getSubjectX500Principal().getName()).contains("O=os:reader");
            assertThat(reader.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        }
    }

    @Test
    void aWrongToken_isRefusedUnauthenticated() {
        try (TrustdClient client = new TrustdClient(ca.certificate(), "not-the-token", server.port())) {
            KeyPair keys = KeyType.ECDSA_P256.generate(RANDOM);
            assertThatThrownBy(() -> client.certificate(LOOPBACK.getHostAddress(),
                    dev.anvil.machinery.pki.CertificateRequest.create(DistinguishedName.commonName("x"), List.of(),
                            List.of(), keys, RANDOM)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).isEqualTo("invalid token");
                    });
            assertThatThrownBy(() -> certificates(client).server(keys)).hasMessageContaining("invalid token");
        }
    }

    @Test
    void membership_exchangesAffiliatesBothWays() {
        AffiliateRegistry workerRegistry = new AffiliateRegistry(new InMemoryState(), InstantSource.system());
        try (TrustdClient client = new TrustdClient(ca.certificate(), "the-token", server.port());
                Membership membership = new Membership(workerRegistry,
                        () -> new Affiliate("w1", List.of(NetIp.parse("10.99.0.3")), "w1", "w1", "Anvil (test)",
                                MachineType.WORKER, null), client, List.of(LOOPBACK.getHostAddress()), false)) {
            membership.start();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> controlPlaneRegistry.nodeIds().equals(java.util.Set.of("cp", "w1"))
                            && workerRegistry.nodeIds().equals(java.util.Set.of("cp", "w1")));
        }
    }
}
