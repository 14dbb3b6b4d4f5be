package dev.anvil.machined.server;

import dev.anvil.machined.server.auth.AuthorizationInterceptor;
import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machined.server.proxy.ProxyInterceptor;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The node's API on port 50000: gRPC over TLS. In maintenance mode the server presents a self-signed certificate
 * (its fingerprint is what a user checks) and asks for no client certificate; every caller is a reader, and every
 * call is served here whatever node it names, as Talos does with node routing disabled. Configured, it presents a
 * certificate from the OS CA and requires a client certificate from that CA, whose O= values are the caller's
 * roles; calls naming other nodes in their metadata go to them ({@link ProxyInterceptor}). What callers may do
 * with resources is the {@link StateServer}'s own check.
 *
 * <p>Every call passes, in this order: {@link CallerRoles} (who calls), the proxy (calls for other nodes leave
 * here), {@link AuthorizationInterceptor} (may the caller call this method here). A request larger than
 * {@link #MAX_REQUEST_BYTES} is refused before all of them, and one that is not a message of its type is refused
 * as it arrives ({@link MalformedRequests}).
 */
public final class ApiServer implements AutoCloseable {
    /**
     * The largest request message taken, in bytes; a larger one ends its call with RESOURCE_EXHAUSTED before any
     * handler sees it. The largest requests are configs, which the loader takes up to 8 Mi characters of, so twice
     * that lets every config it would take arrive and be answered by the loader itself. Talos takes up to 32 MiB,
     * but Anvil serves no upload (image import, etcd recover) that needs more, and a request in flight is held in
     * memory whole.
     */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final Server server;
    private final X509Certificate certificate;
    private final ProxyInterceptor proxy;
    private final ApiTransport transport;

    private ApiServer(Server server, X509Certificate certificate, ProxyInterceptor proxy, ApiTransport transport) {
        this.server = server;
        this.certificate = certificate;
        this.proxy = proxy;
        this.transport = transport;
    }

    /**
     * The server's own certificate and key (replaceable while it serves: a renewal swaps them), and the CA its
     * clients' certificates must come from (null: none).
     */
    public record Tls(IdentityKeyManager identity, X509Certificate clientCa) {
        public Tls(X509Certificate certificate, PrivateKey key, X509Certificate clientCa) {
            this(new IdentityKeyManager(certificate, key), clientCa);
        }

        public X509Certificate certificate() {
            return identity.certificate();
        }
    }

    /**
     * How a configured node reaches the others: {@code isLocal} tells which targets name this node, {@code port}
     * is the API port of the others, and {@code identity} makes this node's own client certificate and key (a
     * control plane's: O=os:impersonator, from the OS CA; a worker's: O=os:reader, from trustd), asked for once,
     * when the first call must go to another node (nothing on the way to listening needs it); a renewal replaces
     * them in the key manager. Null: the node serves calls naming itself but refuses those naming others.
     */
    public record Routing(Predicate<String> isLocal, int port, Supplier<IdentityKeyManager> identity) {
    }

    /** A server whose every call is served here, whatever node its metadata names. */
    public static ApiServer start(InetSocketAddress address, Tls tls,
            List<BindableService> services) throws IOException {
        return start(address, tls, null, services);
    }

    /** A server that routes calls by their metadata; {@code routing} null, or maintenance mode, serves all here. */
    public static ApiServer start(InetSocketAddress address, Tls tls, Routing routing,
            List<BindableService> services) throws IOException {
        return start(address, tls, routing, services, null);
    }

    /**
     * The same, with {@code observer} (null: none) outside every other interceptor: it sees every call that reaches
     * a service, refused and forwarded ones too (the metrics' call counts and times).
     */
    public static ApiServer start(InetSocketAddress address, Tls tls, Routing routing,
            List<BindableService> services, ServerInterceptor observer) throws IOException {
        CallerRoles roles = tls.clientCa() == null ? CallerRoles.maintenance() : CallerRoles.fromClientCertificates();
        ApiTransport transport = ApiTransport.create();
        AuthorizationInterceptor authorization = new AuthorizationInterceptor();
        ProxyInterceptor proxy = null;
        if (routing != null && tls.clientCa() != null) {
            List<ServerServiceDefinition> local = new ArrayList<>();
            for (BindableService service : services) {
                local.add(ServerInterceptors.intercept(service, authorization, CallerRoles.fromMetadata()));
            }
            Supplier<SslContext> clientTls = routing.identity() == null ? null
                    : () -> clientSslContext(routing.identity().get(), tls.clientCa());
            proxy = ProxyInterceptor.create(routing.isLocal(), clientTls, routing.port(), local, transport);
        }
        // handlers may block (ServiceStop waits for the service to end): one virtual thread per call
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address).sslContext(sslContext(tls))
                .bossEventLoopGroup(transport.group()).workerEventLoopGroup(transport.group())
                .channelType(transport.serverChannel()).maxInboundMessageSize(MAX_REQUEST_BYTES)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        for (BindableService service : services) {
            // the last interceptor runs first
            ServerServiceDefinition definition = MalformedRequests.refuse(proxy == null
                    ? ServerInterceptors.intercept(service, authorization, roles)
                    : ServerInterceptors.intercept(service, authorization, proxy, roles));
            builder.addService(observer == null ? definition : ServerInterceptors.intercept(definition, observer));
        }
        try {
            return new ApiServer(builder.build().start(), tls.certificate(), proxy, transport);
        } catch (IOException | RuntimeException e) {
            if (proxy != null) {
                proxy.close();
            }
            transport.close();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The SHA-256 fingerprint of the server certificate, as a user compares it ("ab:cd:..."). */
    public String fingerprint() {
        return ApiChannels.fingerprint(certificate);
    }


    /** This node as a client of the others: its own certificate, and only the OS CA to trust them by. */
    private static SslContext clientSslContext(IdentityKeyManager identity, X509Certificate osCa) {
        X509Certificate certificate = identity.certificate();
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .keyManager(identity).trustManager(trustManager(osCa));
            return GrpcSslContexts.configure(builder, isEd25519(certificate) || isEd25519(osCa) ? SslProvider.JDK : SslProvider.OPENSSL)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS to the other nodes: " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(Tls tls) throws IOException {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.identity());
            if (tls.clientCa() != null) {
                builder.trustManager(trustManager(tls.clientCa())).clientAuth(ClientAuth.REQUIRE);
            }
            // Ed25519 (Talos-made OS CAs) fails in netty's BoringSSL engine; the JDK's handles it
            boolean ed25519 = isEd25519(tls.certificate()) || (tls.clientCa() != null && isEd25519(tls.clientCa()));
            return GrpcSslContexts.configure(builder, ed25519 ? SslProvider.JDK : SslProvider.OPENSSL).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the API: " + e.getMessage(), e);
        }
    }

    /** Trusts {@code ca} alone. */
    public static TrustManagerFactory trustManager(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("os-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    private static boolean isEd25519(X509Certificate certificate) {
        return certificate.getPublicKey().getAlgorithm().equals("Ed25519")
                || certificate.getSigAlgName().equalsIgnoreCase("Ed25519");
    }

    /**
     * Stops taking calls, gives those in flight half a second (a follower of events gets the last ones sent), then
     * ends them and waits until the port is free: the node is going down, and open streams would otherwise hold it
     * for {@link #close}'s seconds.
     */
    public void closeNow() {
        stop(Duration.ofMillis(500));
    }

    /**
     * Stops taking calls and waits up to 5 s for those in flight, then cuts them off; then the proxy's channels,
     * then the event loop.
     */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void stop(Duration grace) {
        server.shutdown();
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            transport.close();
        }
    }
}
