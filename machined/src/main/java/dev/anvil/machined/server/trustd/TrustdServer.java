package dev.anvil.machined.server.trustd;

import dev.anvil.machined.server.ApiTransport;
import dev.anvil.machined.server.IdentityKeyManager;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * trustd on port 50001 of a control plane: TLS with the node's API server certificate (from the OS CA, so callers
 * verify it against the CA they hold), no client certificate asked for; every call must carry the cluster's token
 * ({@link TokenInterceptor}). It serves Talos's SecurityService and Anvil's MembershipService. Only small unary
 * calls come here, so requests are capped at 64 KiB.
 */
public final class TrustdServer implements AutoCloseable {
    public static final int PORT = 50001;

    private final Server server;
    private final ApiTransport transport;

    private TrustdServer(Server server, ApiTransport transport) {
        this.server = server;
        this.transport = transport;
    }

    public static TrustdServer start(InetSocketAddress address, IdentityKeyManager identity, String token,
            List<BindableService> services) throws IOException {
        ApiTransport transport = ApiTransport.create();
        boolean ed25519 = identity.certificate().getPublicKey().getAlgorithm().startsWith("Ed");
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(identity),
                        ed25519 ? SslProvider.JDK : SslProvider.OPENSSL).build())
                .bossEventLoopGroup(transport.group()).workerEventLoopGroup(transport.group())
                .channelType(transport.serverChannel()).maxInboundMessageSize(64 * 1024)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        TokenInterceptor tokens = new TokenInterceptor(token);
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, tokens));
        }
        try {
            return new TrustdServer(builder.build().start(), transport);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            transport.close();
        }
    }
}
