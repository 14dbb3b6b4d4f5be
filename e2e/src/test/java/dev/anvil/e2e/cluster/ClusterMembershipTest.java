package dev.anvil.e2e.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.machine.GenerateClientConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.security.CertificateRequest;
import dev.anvil.api.security.SecurityServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machined.server.ApiServer;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.machinery.secrets.SecretsFile;
import dev.anvil.sys.Child;
import dev.anvil.sys.Spawner;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Clusters as a user makes them (bin/anvilctl cluster create, which waits until healthy): membership through the
 * control plane's registry, workers' certificates from trustd, what a worker's identity may do, anvilctl health on a
 * healthy cluster and on one with a stopped node, two clusters side by side, and nothing left after destroy.
 */
@Tag("e2e")
class ClusterMembershipTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path home;

    private final List<String> clusters = new ArrayList<>();

    @AfterEach
    void destroyLeftovers() throws Exception {
        for (String cluster : clusters) {
            if (Files.exists(home.resolve("clusters").resolve(cluster).resolve(ClusterState.FILE))) {
                Child destroy = Spawner.spawn(LocalNodes.anvilctlSpec(home, "cluster", "destroy", "--name", cluster));
                destroy.output().readAllBytes();
                destroy.exit().get(2, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void membership_trustd_health_twoClustersSideBySide_destroyLeavesNothing() throws Exception {
        String a = "mem" + (ProcessHandle.current().pid() % 10000);
        String b = "oth" + (ProcessHandle.current().pid() % 10000);
        clusters.add(a);
        long began = System.nanoTime();
        String created = anvilctl("cluster", "create", "--name", a, "--controlplanes", "1", "--workers", "2",
                "--cidr", "10.213.20.0/24");
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(created).contains("waiting for apid to be ready: OK")
                .contains("waiting for all nodes to list the same members: OK").contains("cluster " + a + " is healthy");
        ClusterState state = ClusterState.load(home.resolve("clusters").resolve(a));
        System.out.printf("FIGURE cluster create (1 control plane, 2 workers) to healthy: %.1f s wall; machined RSS"
                + " total %d MiB%n", seconds, rssKiB(state) / 1024);
        String cp = state.nodes().get(0).ip();
        String w1 = state.nodes().get(1).ip();
        String w2 = state.nodes().get(2).ip();

        // every node lists every member, with its identity
        for (ClusterState.Node node : state.nodes()) {
            String members = anvilctl("--context", a, "-n", node.ip(), "get", "members");
            for (ClusterState.Node other : state.nodes()) {
                assertThat(members).contains(other.name()).contains("[" + other.ip() + "]");
            }
            assertThat(members).contains("controlplane").contains("worker");
            String identity = anvilctl("--context", a, "-n", node.ip(), "get", "identities", "-o", "yaml");
            String persisted = Files.readString(node.dir().resolve("system/state/node-identity.yaml")).strip();
            assertThat(identity).contains(persisted);
        }
        assertThat(anvilctl("--context", a, "health")).contains("discovered nodes: control planes [" + cp
                + "], workers [" + w1 + ", " + w2 + "]").contains("waiting for all nodes to list the same members: OK");

        SecretsBundle secrets = SecretsFile.parse(Files.readString(home.resolve("clusters").resolve(a)
                .resolve("secrets.yaml")));
        CertificateAuthority osCa = secrets.osAuthority();
        assertWorkerServesTrustdCertificate(w1, osCa, secrets);
        assertTrustdRefusesBadTokens(cp, osCa);
        assertReaderIdentityCannotAdminister(cp, osCa, secrets);
        // through a worker, whose client identity is a reader's, an admin call to the control plane is refused
        Child viaWorker = Spawner.spawn(LocalNodes.anvilctlSpec(home, "--context", a, "-e", w1, "-n", cp, "config",
                "new", home.resolve("reader.cfg").toString(), "--roles", "os:reader"));
        String refused = new String(viaWorker.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(viaWorker.exit().get(1, TimeUnit.MINUTES).success()).isFalse();
        assertThat(refused).contains("permission denied").contains("os:reader");
        assertThat(anvilctl("--context", a, "-e", w1, "-n", cp, "version")).contains("NODE:        " + a
                + "-controlplane-1");

        // a second cluster beside it: its own network, CA and members
        clusters.add(b);
        assertThat(anvilctl("cluster", "create", "--name", b, "--controlplanes", "1", "--workers", "1", "--cidr",
                "10.213.21.0/24")).contains("cluster " + b + " is healthy");
        ClusterState other = ClusterState.load(home.resolve("clusters").resolve(b));
        String otherMembers = anvilctl("--context", b, "get", "members");
        assertThat(otherMembers).contains(b + "-controlplane-1").contains(b + "-worker-1").doesNotContain(a + "-");
        assertThat(anvilctl("--context", a, "get", "members")).doesNotContain(b + "-");

        // a stopped node: health names it; once its affiliate expires, the others no longer list it
        ClusterState.Node stopped = state.nodes().get(2);
        ProcessHandle.of(LocalNodes.nodePid(stopped.launcherPid())).orElseThrow().destroy();
        await().atMost(20, TimeUnit.SECONDS).until(() -> ProcessHandle.of(stopped.launcherPid()).isEmpty());
        Child health = Spawner.spawn(LocalNodes.anvilctlSpec(home, "--context", a, "health", "--control-plane-nodes",
                cp, "--worker-nodes", w1 + "," + w2, "--wait-timeout", "10s"));
        String report = new String(health.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(health.exit().get(1, TimeUnit.MINUTES).success()).as(report).isFalse();
        assertThat(report).contains("healthcheck error: apid to be ready")
                .containsPattern(java.util.regex.Pattern.quote(w2) + ": (not answering|unreachable)");
        await().atMost(45, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(2)).until(() ->
                !anvilctl("--context", a, "-n", cp, "get", "members").contains(stopped.name())
                        && !anvilctl("--context", a, "-n", w1, "get", "members").contains(stopped.name()));

        assertThat(anvilctl("cluster", "destroy", "--name", a)).contains("cluster " + a + " destroyed");
        assertThat(anvilctl("cluster", "destroy", "--name", b)).contains("cluster " + b + " destroyed");
        LocalNodes.assertNothingLeft(home, a, state);
        LocalNodes.assertNothingLeft(home, b, other);
    }

    /** The worker's API presents a certificate the OS CA signed (through trustd) for the worker's address. */
    private static void assertWorkerServesTrustdCertificate(String worker, CertificateAuthority osCa,
            SecretsBundle secrets) throws Exception {
        CertificateAuthority.Issued admin = secrets.clientCertificate(List.of("os:admin"), Instant.now(),
                Duration.ofHours(1), RANDOM);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", admin.keys().getPrivate(), new char[0], new X509Certificate[] {admin.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), ApiServer.trustManager(osCa.certificate()).getTrustManagers(), RANDOM);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(worker, 50000), 5000);
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            served.verify(osCa.certificate().getPublicKey());
            assertThat(served.getIssuerX500Principal()).isEqualTo(osCa.certificate().getSubjectX500Principal());
            assertThat(served.getSubjectAlternativeNames()).anySatisfy(n -> assertThat(n.get(1)).isEqualTo(worker));
            assertThat(served.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        }
    }

    private static void assertTrustdRefusesBadTokens(String controlPlane, CertificateAuthority osCa) throws Exception {
        ManagedChannel channel = trustd(controlPlane, osCa);
        try {
            String csr = dev.anvil.machinery.pki.CertificateRequest.create(DistinguishedName.commonName("intruder"),
                    List.of("intruder"), List.of(), KeyType.ECDSA_P256.generate(RANDOM), RANDOM);
            CertificateRequest request = CertificateRequest.newBuilder()
                    .setCsr(ByteString.copyFrom(csr, StandardCharsets.UTF_8)).build();
            for (String token : new String[] {null, "not-the-token"}) {
                var stub = SecurityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
                if (token != null) {
                    stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token(token)));
                }
                var call = stub;
                assertThatThrownBy(() -> call.certificate(request)).isInstanceOfSatisfying(
                        StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                            assertThat(e.getStatus().getDescription()).isEqualTo(token == null ? "missing token"
                                    : "invalid token");
                        });
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * What a holder of the token gets from trustd: a server certificate that no node takes as a client, and at
     * most a reader's client certificate, with which the control plane answers reads and refuses admin methods.
     */
    private static void assertReaderIdentityCannotAdminister(String controlPlane, CertificateAuthority osCa,
            SecretsBundle secrets) throws Exception {
        KeyPair keys = KeyType.ECDSA_P256.generate(RANDOM);
        String csr = dev.anvil.machinery.pki.CertificateRequest.create(new DistinguishedName("w",
                List.of("os:admin")), List.of(), List.of(), keys, RANDOM);
        X509Certificate asAdmin = sign(controlPlane, osCa, secrets, csr);
        assertThat(asAdmin.getSubjectX500Principal().getName()).doesNotContain("os:admin");
        assertThat(asAdmin.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

        String readerCsr = dev.anvil.machinery.pki.CertificateRequest.create(new DistinguishedName("w",
                List.of("os:reader")), List.of(), List.of(), keys, RANDOM);
        X509Certificate reader = sign(controlPlane, osCa, secrets, readerCsr);
        SslContext tls = GrpcSslContexts.forClient().keyManager(keys.getPrivate(), reader)
                .trustManager(osCa.certificate()).build();
        ManagedChannel channel = LocalNodes.channel(controlPlane, tls);
        try {
            var machine = MachineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThat(machine.version(Empty.getDefaultInstance()).getMessagesCount()).isEqualTo(1);
            assertThatThrownBy(() -> machine.generateClientConfiguration(GenerateClientConfigurationRequest
                    .newBuilder().addRoles("os:admin").build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static X509Certificate sign(String controlPlane, CertificateAuthority osCa, SecretsBundle secrets,
            String csr) throws Exception {
        ManagedChannel channel = trustd(controlPlane, osCa);
        try {
            var response = SecurityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token(secrets.trustdInfo().token())))
                    .certificate(CertificateRequest.newBuilder()
                            .setCsr(ByteString.copyFrom(csr, StandardCharsets.UTF_8)).build());
            assertThat(response.getCa().toString(StandardCharsets.UTF_8))
                    .isEqualTo(PemCodec.certificate(osCa.certificate()));
            X509Certificate certificate = PemCodec.parseCertificate(response.getCrt().toString(StandardCharsets.UTF_8));
            certificate.verify(osCa.certificate().getPublicKey());
            return certificate;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ManagedChannel trustd(String controlPlane, CertificateAuthority osCa) throws Exception {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getByName(controlPlane), 50001))
                .sslContext(GrpcSslContexts.forClient().trustManager(osCa.certificate()).build())
                .overrideAuthority(controlPlane).build();
    }

    private static Metadata token(String token) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER), token);
        return metadata;
    }

    /** The resident memory of the cluster's machined processes (each node's PID 1), summed. */
    private static long rssKiB(ClusterState state) throws Exception {
        long total = 0;
        for (ClusterState.Node node : state.nodes()) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(LocalNodes.nodePid(
                    node.launcherPid())), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return total;
    }

    private String anvilctl(String... args) throws Exception {
        return LocalNodes.anvilctl(home, args);
    }
}
