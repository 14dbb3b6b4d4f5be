package dev.anvil.machined.server;

import dev.anvil.cosi.runtime.DependencyGraph;
import dev.anvil.cosi.state.ForwardingState;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.config.MaintenanceApplier;
import dev.anvil.machined.config.PersistedConfig;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.lifecycle.Lifecycle;
import dev.anvil.machined.lifecycle.RecordingTerminal;
import dev.anvil.machined.metrics.ApiCallMetrics;
import dev.anvil.machined.resources.Definitions;
import dev.anvil.machined.sequencer.Sequencer;
import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.server.files.Roots;
import dev.anvil.machined.server.proxy.LocalTargets;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.machinery.version.BuildInfo;
import dev.anvil.sys.Cgroups;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One node's API as machined serves it once configured ({@link NodeServices} behind a real {@link ApiServer} with
 * mutual TLS from a test OS CA and node routing), over parts that cannot hurt the machine running the tests: the
 * lifecycle ends in a {@link RecordingTerminal} and wipes directories below {@code dir}, the file RPCs serve only
 * {@code dir/files}, and the config applier takes configs as in maintenance mode into {@code dir/state}. The state
 * counts the writes and the watches that reach it after start. {@link #close()} checks that once the clients are
 * gone no stream is still sent and no watch is still open.
 */
final class ServedApi implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ResourceTypes TYPES = NetworkResources.register(RuntimeResources.register(
            ResourceTypes.meta()));

    final CertificateAuthority ca = CertificateAuthority.create(DistinguishedName.organization("anvil-test"),
            KeyType.ECDSA_P256, Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(1, ChronoUnit.DAYS),
            RANDOM).authority();
    /** The state as the API sees it, and the same state unobserved, for a test to set up. */
    final ObservedState state;
    final InMemoryState unobserved = new InMemoryState();
    final Supervisor supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid()
            + "-api");
    final EventStream events = new EventStream(100);
    final RecordingTerminal terminal = new RecordingTerminal();
    final AtomicInteger apiClosed = new AtomicInteger();
    final AtomicInteger bootedOnAppliedConfig = new AtomicInteger();
    final Path persistedConfig;
    final Path files;
    final MachineServer machine;
    final List<BindableService> services;
    /** What the metrics count of the calls this API serves. */
    final ApiCallMetrics calls = new ApiCallMetrics();
    private final ApiServer api;
    private final List<ManagedChannel> channels = new ArrayList<>();

    ServedApi(Path dir) throws IOException {
        Definitions.publish(unobserved, TYPES);
        state = new ObservedState(unobserved);
        files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("hello.txt"), "hello\n");
        persistedConfig = dir.resolve("state/config.yaml");
        var lifecycle = new Lifecycle(new Sequencer(events), supervisor, apiClosed::incrementAndGet, terminal,
                dir.resolve("state"), dir.resolve("var"));
        var applier = new MaintenanceApplier(new PersistedConfig(persistedConfig, ValidationMode.CONTAINER),
                ValidationMode.CONTAINER, bootedOnAppliedConfig::incrementAndGet);
        machine = new MachineServer(supervisor, ServiceHistory.watch(supervisor), events, state, Platform.CONTAINER,
                BuildInfo.load(), new MachineServer.Control(applier, lifecycle, new ClientCredentials(ca, "test")),
                new NodeFiles(new Roots(List.of(files))));
        services = NodeServices.of(state, TYPES, machine, () -> new DependencyGraph(List.of()));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        var server = ServerCertificates.fromOsCa(ca, "node", List.of(loopback));
        api = ApiServer.start(new InetSocketAddress(loopback, 0),
                new ApiServer.Tls(server.certificate(), server.keys().getPrivate(), ca.certificate()),
                new ApiServer.Routing(new LocalTargets(() -> "node", List.of(loopback)), 50000,
                        () -> IdentityKeyManager.of(ServerCertificates.impersonator(ca, "node"))), services, calls);
    }

    /** A client whose certificate carries these O= values (none: a certificate without a role). */
    ManagedChannel client(String... organizations) {
        Instant now = Instant.now();
        var issued = ca.issue(new CertificateSpec(new DistinguishedName("anvil-test-client", List.of(organizations)),
                now.minusSeconds(60), now.plus(1, ChronoUnit.HOURS), false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of()), KeyType.ECDSA_P256, RANDOM);
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.certificate())
                .keyManager(issued.keys().getPrivate(), issued.certificate());
        try {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", api.port()).overrideAuthority("node")
                    .sslContext(tls.build()).build();
            synchronized (channels) {
                channels.add(channel);
            }
            return channel;
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Calls a method of any kind with one request and tells how it went: OK as soon as a first reply arrives
     * (a stream is then cancelled), else the status the call ended with.
     */
    static <Q, R> Status call(Channel channel, MethodDescriptor<Q, R> method, Object request) {
        ClientCall<Q, R> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Status> outcome = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(R message) {
                outcome.complete(Status.OK);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                outcome.complete(status);
            }
        }, new Metadata());
        call.request(1);
        @SuppressWarnings("unchecked")
        Q typed = (Q) request;
        call.sendMessage(typed);
        call.halfClose();
        try {
            return outcome.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(method.getFullMethodName() + " did not end", e);
        } finally {
            call.cancel("the test has its answer", null);
        }
    }

    /** The empty request message of a method. */
    static Object emptyRequest(MethodDescriptor<?, ?> method) {
        return ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            // the clients are gone: every stream and watch ends by itself, before the server makes them
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(machine.streams()).as("streams still being sent").isZero();
                assertThat(state.openWatches()).as("watches still open").isZero();
            });
            api.close();
            machine.close();
        } finally {
            supervisor.close();
        }
    }

    /** The node's state, noting the writes and the watches that reach it. */
    static final class ObservedState extends ForwardingState {
        final AtomicInteger writes = new AtomicInteger();
        private final List<Watch> watches = new ArrayList<>();

        ObservedState(State delegate) {
            super(delegate);
        }

        @Override
        public Resource<?> create(Resource<?> resource, String owner) {
            writes.incrementAndGet();
            return super.create(resource, owner);
        }

        @Override
        public Resource<?> update(Resource<?> resource, UpdateOptions options) {
            writes.incrementAndGet();
            return super.update(resource, options);
        }

        @Override
        public void destroy(Pointer pointer, String owner) {
            writes.incrementAndGet();
            super.destroy(pointer, owner);
        }

        @Override
        public Watch watch(Pointer pointer, WatchOptions options) {
            return opened(super.watch(pointer, options));
        }

        @Override
        public Watch watchKind(Kind kind, WatchKindOptions options) {
            return opened(super.watchKind(kind, options));
        }

        private synchronized Watch opened(Watch watch) {
            watches.add(watch);
            return watch;
        }

        synchronized long openWatches() {
            return watches.stream().filter(w -> !w.isClosed()).count();
        }
    }
}
