package dev.anvil.bench;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionInfo;
import dev.anvil.api.machine.VersionResponse;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.server.ApiServer;
import dev.anvil.machined.server.MachineServer;
import dev.anvil.machined.server.Platform;
import dev.anvil.machined.server.ServerCertificates;
import dev.anvil.machined.server.ServiceHistory;
import dev.anvil.machined.server.proxy.LocalTargets;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.role.Role;
import dev.anvil.machinery.version.BuildInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A unary Version call over an open mutual-TLS channel on loopback, sampled so JMH prints its percentiles (the
 * target is a p50 of at most 0.3 ms). {@code server} picks what answers:
 * <ul>
 * <li>{@code anvil}: machined's {@link ApiServer} (caller roles, node routing, authorization; a virtual thread per
 *     call) with the real {@link MachineServer} of an unconfigured container-mode node;</li>
 * <li>{@code bare}: a plain grpc-java Netty server with grpc's default executor and a Version that returns a
 *     ready-made reply, behind the same TLS (BoringSSL, client certificate required).</li>
 * </ul>
 * The difference is what our interceptors and handler cost. Each client thread has its own channel, dialled and
 * handshaken before measuring: {@code version} is one client, {@code version_8clients} eight at once.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApiCallBench {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** The test OS CA, the server's certificate and an admin's, all from it; made once for every trial. */
    record Pki(CertificateAuthority ca, CertificateAuthority.Issued server, CertificateAuthority.Issued admin) {
        static final Pki SHARED = create();

        private static Pki create() {
            Instant now = Instant.now();
            CertificateAuthority ca = CertificateAuthority.create(DistinguishedName.organization("anvil-bench"),
                    KeyType.ECDSA_P256, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), RANDOM)
                    .authority();
            return new Pki(ca, ServerCertificates.fromOsCa(ca, "bench", List.of(LOOPBACK)),
                    ca.issueClient(List.of(Role.ADMIN.toString()), now.minusSeconds(60), Duration.ofDays(1), RANDOM));
        }
    }

    @State(Scope.Benchmark)
    public static class Served {
        @Param({"anvil", "bare"})
        public String server;

        Pki pki;
        int port;
        private AutoCloseable closer;

        @Setup(Level.Trial)
        public void start() throws IOException {
            pki = Pki.SHARED;
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, 0);
            if (server.equals("anvil")) {
                startAnvil(address);
            } else {
                startBare(address);
            }
        }

        private void startAnvil(InetSocketAddress address) throws IOException {
            Supervisor supervisor = new Supervisor(Optional.empty(), "anvil-bench");
            MachineServer machine = new MachineServer(supervisor, ServiceHistory.watch(supervisor),
                    new EventStream(100), new InMemoryState(), Platform.CONTAINER, BuildInfo.load());
            // as a configured control plane: routing on, with its own identity for the nodes it would call
            var routing = new ApiServer.Routing(new LocalTargets(() -> "bench", List.of(LOOPBACK)), 0,
                    () -> ServerCertificates.impersonator(pki.ca(), "bench"));
            ApiServer api = ApiServer.start(address, new ApiServer.Tls(pki.server().certificate(),
                    pki.server().keys().getPrivate(), pki.ca().certificate()), routing, List.of(machine));
            port = api.port();
            closer = () -> {
                api.close();
                machine.close();
                supervisor.close();
            };
        }

        private void startBare(InetSocketAddress address) throws IOException {
            SslContextBuilder tls = SslContextBuilder.forServer(pki.server().keys().getPrivate(),
                    pki.server().certificate()).trustManager(pki.ca().certificate()).clientAuth(ClientAuth.REQUIRE);
            Server bare = NettyServerBuilder.forAddress(address)
                    .sslContext(GrpcSslContexts.configure(tls, SslProvider.OPENSSL).build())
                    .addService(new FixedVersion()).build().start();
            port = bare.getPort();
            closer = () -> bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            closer.close();
        }
    }

    /** A Version that does nothing but reply. */
    static final class FixedVersion extends MachineServiceGrpc.MachineServiceImplBase {
        private final VersionResponse reply = VersionResponse.newBuilder().addMessages(Version.newBuilder()
                .setVersion(VersionInfo.newBuilder().setTag("v0.0.0-bench"))).build();

        @Override
        public void version(Empty request, StreamObserver<VersionResponse> response) {
            response.onNext(reply);
            response.onCompleted();
        }
    }

    /** One client: its own channel, connected before the measurement. */
    @State(Scope.Thread)
    public static class Client {
        ManagedChannel channel;
        MachineServiceGrpc.MachineServiceBlockingStub machine;

        @Setup(Level.Trial)
        public void connect(Served served) throws IOException {
            var admin = served.pki.admin();
            SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(served.pki.ca().certificate())
                    .keyManager(admin.keys().getPrivate(), admin.certificate());
            channel = NettyChannelBuilder.forAddress(LOOPBACK.getHostAddress(), served.port)
                    .sslContext(GrpcSslContexts.configure(tls, SslProvider.OPENSSL).build()).build();
            machine = MachineServiceGrpc.newBlockingStub(channel);
            machine.version(Empty.getDefaultInstance());
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public VersionResponse version(Client client) {
        return client.machine.version(Empty.getDefaultInstance());
    }

    @Benchmark
    @Threads(8)
    public VersionResponse version_8clients(Client client) {
        return client.machine.version(Empty.getDefaultInstance());
    }
}
