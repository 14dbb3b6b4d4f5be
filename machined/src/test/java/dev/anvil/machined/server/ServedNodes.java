package dev.anvil.machined.server;

import dev.anvil.machinery.version.BuildInfo;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.server.proxy.LocalTargets;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.sys.Cgroups;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes of one cluster in one JVM: each a {@link MachineServer} over a real supervisor and a {@link StateServer},
 * behind a real {@link ApiServer} with mutual TLS from a test OS CA, routing calls as a configured node does. Node
 * i listens on 127.0.0.i, all on the same port; nothing listens on {@link #DOWN}. {@link #close()} stops them all
 * and checks that no stream was left running.
 */
final class ServedNodes implements AutoCloseable {
    /** An address of the cluster's range where no node answers. */
    static final String DOWN = "127.0.0.9";
    private static final SecureRandom RANDOM = new SecureRandom();

    final CertificateAuthority ca = CertificateAuthority.create(DistinguishedName.organization("anvil-test"),
            KeyType.ECDSA_P256, Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(1, ChronoUnit.DAYS),
            RANDOM).authority();
    final List<Node> nodes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private int port;

    /** One node: its parts, to look at from a test. */
    static final class Node {
        final String address;
        final Supervisor supervisor;
        final EventStream events = new EventStream(100);
        final InMemoryState state = new InMemoryState();
        final MachineServer machine;
        ApiServer api;

        Node(String address) {
            this.address = address;
            this.supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid() + "-"
                    + address.replace('.', '-'));
            this.machine = new MachineServer(supervisor, ServiceHistory.watch(supervisor), events, state,
                    Platform.CONTAINER, BuildInfo.load());
        }

        /**
         * Registers a service running a shell script once, without starting it. A script that keeps running should
         * not keep its output open: the supervisor's log pump blocks a carrier thread while it waits for output.
         */
        void register(String id, String script) {
            supervisor.register(ServiceSpec.of(id, ServedMachine.sh(script)).withRestart(new RestartPolicy(
                    RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, Duration.ZERO)));
        }
    }

    /**
     * Starts {@code count} nodes; with {@code withClientCertificates} false they are as workers, which hold no OS
     * CA key and so no client certificate of their own.
     */
    static ServedNodes start(int count, boolean withClientCertificates) {
        ServedNodes cluster = new ServedNodes();
        for (int i = 1; i <= count; i++) {
            cluster.nodes.add(new Node("127.0.0." + i));
        }
        // a port free on 127.0.0.1 is almost surely free on the others; if not, another one
        for (int attempt = 0; ; attempt++) {
            try {
                cluster.port = freePort();
                for (Node node : cluster.nodes) {
                    node.api = cluster.serve(node, withClientCertificates);
                }
                return cluster;
            } catch (UncheckedIOException e) {
                cluster.nodes.stream().filter(n -> n.api != null).forEach(n -> n.api.close());
                cluster.nodes.forEach(n -> n.api = null);
                if (attempt == 4) {
                    cluster.close();
                    throw e;
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Node node(int i) {
        return nodes.get(i - 1);
    }

    private ApiServer serve(Node node, boolean withClientCertificate) {
        InetAddress address = InetAddress.ofLiteral(node.address);
        var server = ServerCertificates.fromOsCa(ca, "node-" + node.address, List.of(address));
        try {
            return ApiServer.start(new InetSocketAddress(address, port),
                    new ApiServer.Tls(server.certificate(), server.keys().getPrivate(), ca.certificate()),
                    new ApiServer.Routing(new LocalTargets(() -> "node-" + node.address, List.of(address)), port,
                            withClientCertificate ? () -> IdentityKeyManager.of(ServerCertificates.impersonator(ca,
                                    "node-" + node.address))
                                    : null),
                    List.of(new StateServer(node.state, TYPES), node.machine));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final ResourceTypes TYPES = RuntimeResources.register(ResourceTypes.none());

    /** A client of node {@code i} with a certificate of these roles; with no roles, a client without one. */
    ManagedChannel client(int i, String... roles) {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.certificate());
        if (roles.length > 0) {
            Instant now = Instant.now();
            var issued = ca.issue(new CertificateSpec(new DistinguishedName("test", List.of(roles)),
                    now.minusSeconds(60), now.plus(1, ChronoUnit.HOURS), false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                    Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of()), KeyType.ECDSA_P256, RANDOM);
            tls.keyManager(issued.keys().getPrivate(), issued.certificate());
        }
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress(node(i).address, port).sslContext(tls.build())
                    .build();
            synchronized (channels) {
                channels.add(channel);
            }
            return channel;
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            for (Node node : nodes) {
                if (node.api != null) {
                    node.api.close();
                }
                node.machine.close();
                assertThat(node.machine.streams()).as("streams still sent by %s", node.address).isZero();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            nodes.forEach(n -> n.supervisor.close());
        }
    }
}
