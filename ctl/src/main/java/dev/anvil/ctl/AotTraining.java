package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionInfo;
import dev.anvil.api.machine.VersionResponse;
import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.pki.PemCodec;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind anvilctl's AOT cache (scripts/setup): in one JVM and with no node, the commands whose
 * start a user waits for. {@code version} runs twice over mutual TLS with a client config made here: against an
 * address where nothing listens (the error path), and against a stand-in that answers Version in this JVM, so the
 * handshake, the call and the reply are in the cache too. That second run makes the cache about 10% better than
 * the first alone; {@code gen config} (50 s of RSA-4096 with C1 alone) made it no better. A bad flag links picocli's
 * exceptions, although picocli itself stays out of the cache: its classes are of Java 5's format, which an AOT
 * cache leaves out.
 */
public final class AotTraining {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create(DistinguishedName.organization("training"),
                KeyType.ECDSA_P256, now.minusSeconds(60), now.plus(Duration.ofDays(1)), RANDOM).authority();
        Path config = Files.createTempFile("anvilctl-training", ".yaml");
        Files.writeString(config, ClientConfigFile.encode(ClientConfig.of("training",
                PemCodec.toBase64(PemCodec.certificate(ca.certificate())),
                ca.issueClient(List.of("os:admin"), now.minusSeconds(60), Duration.ofDays(1), RANDOM),
                List.of(LOOPBACK.getHostAddress()))));
        Server standIn = standIn(ca, now);
        PrintStream err = System.err;
        // the commands' own output is of no interest; anvilctl takes System.out and System.err as it starts
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        List<String> failed = new ArrayList<>();
        try {
            String file = config.toString();
            failed.add(expect(0, "version", "--client"));
            failed.add(expect(2, "version", "--no-such-flag"));
            failed.add(expect(1, "--talosconfig", file, "-e", "127.0.0.1:1", "-n", "127.0.0.1", "version"));
            failed.add(expect(0, "--talosconfig", file, "-e", "127.0.0.1:" + standIn.getPort(), "-n", "127.0.0.1",
                    "version"));
        } finally {
            System.setErr(err);
            standIn.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            Files.delete(config);
        }
        failed.removeIf(String::isEmpty);
        if (!failed.isEmpty()) {
            err.println("anvilctl training: " + String.join("; ", failed));
            System.exit(1);
        }
    }

    /** Runs one command; "" when it exited as expected, else what went wrong. */
    private static String expect(int status, String... args) {
        int actual = Anvilctl.run(args);
        return actual == status ? "" : String.join(" ", args) + " exited " + actual + ", not " + status;
    }

    /** A server on a free loopback port with a certificate from {@code ca}, answering Version as a node does. */
    private static Server standIn(CertificateAuthority ca, Instant now) throws IOException {
        var issued = ca.issue(new CertificateSpec(DistinguishedName.commonName("training"), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                Set.of(ExtKeyUsage.SERVER_AUTH), List.of(), List.of(LOOPBACK)), KeyType.ECDSA_P256, RANDOM);
        SslContextBuilder tls = SslContextBuilder.forServer(issued.keys().getPrivate(), issued.certificate())
                .trustManager(ca.certificate()).clientAuth(ClientAuth.REQUIRE);
        VersionResponse reply = VersionResponse.newBuilder().addMessages(Version.newBuilder()
                .setVersion(VersionInfo.newBuilder().setTag("training"))).build();
        return NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
                .sslContext(GrpcSslContexts.configure(tls, SslProvider.OPENSSL).build())
                .addService(new MachineServiceGrpc.MachineServiceImplBase() {
                    @Override
                    public void version(Empty request, StreamObserver<VersionResponse> response) {
                        response.onNext(reply);
                        response.onCompleted();
                    }
                })
                .build().start();
    }
}
