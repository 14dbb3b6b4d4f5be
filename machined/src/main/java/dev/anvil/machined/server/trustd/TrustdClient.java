package dev.anvil.machined.server.trustd;

import com.google.protobuf.ByteString;
import dev.anvil.api.membership.AffiliateEntry;
import dev.anvil.api.membership.MembershipServiceGrpc;
import dev.anvil.api.membership.RegisterRequest;
import dev.anvil.api.security.CertificateRequest;
import dev.anvil.api.security.CertificateResponse;
import dev.anvil.api.security.SecurityServiceGrpc;
import dev.anvil.machined.server.ApiServer;
import dev.anvil.machined.server.ApiTransport;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A node's calls to the control planes' trustd (port 50001): TLS trusting only the OS CA (so a control plane is
 * one whose certificate the CA signed, for the address called), the cluster's token in every call's metadata, as
 * Talos's workers send it. One channel per control plane, kept until {@link #close()}, on an event loop thread
 * of its own.
 */
public final class TrustdClient implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final SslContext tls;
    private final CallCredentials token;
    private final int port;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ApiTransport transport = ApiTransport.create();
    private final Map<String, ManagedChannel> channels = new HashMap<>();

    public TrustdClient(X509Certificate osCa, String token, int port) {
        this.port = port;
        this.token = new TokenCredentials(token);
        try {
            TrustManagerFactory tmf = ApiServer.trustManager(osCa);
            boolean ed25519 = osCa.getPublicKey().getAlgorithm().startsWith("Ed");
            this.tls = GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder
                    .forClient().trustManager(tmf), ed25519 ? SslProvider.JDK : SslProvider.OPENSSL).build();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS to trustd: " + e.getMessage(), e);
        }
    }

    /** A certificate signing request (PEM) signed by the control plane at {@code host}: the certificate, PEM. */
    public String certificate(String host, String csrPem) {
        CertificateResponse response = SecurityServiceGrpc.newBlockingStub(channel(host)).withCallCredentials(token)
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .certificate(CertificateRequest.newBuilder()
                        .setCsr(ByteString.copyFrom(csrPem, StandardCharsets.UTF_8)).build());
        return response.getCrt().toString(StandardCharsets.UTF_8);
    }

    /** Sends affiliates to the control plane at {@code host}; its reply holds every affiliate it knows. */
    public List<AffiliateEntry> register(String host, List<AffiliateEntry> affiliates) {
        return MembershipServiceGrpc.newBlockingStub(channel(host)).withCallCredentials(token)
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .register(RegisterRequest.newBuilder().addAllAffiliates(affiliates).build()).getAffiliatesList();
    }

    private synchronized ManagedChannel channel(String host) {
        return channels.computeIfAbsent(host, h -> NettyChannelBuilder.forAddress(h, port).sslContext(tls)
                .eventLoopGroup(transport.group()).channelType(transport.clientChannel()).executor(executor)
                .build());
    }

    @Override
    public synchronized void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        transport.close();
        executor.shutdownNow();
    }

    /** The token as Talos's workers send it: the {@code token} metadata of every call. */
    private static final class TokenCredentials extends CallCredentials {
        private final String token;

        TokenCredentials(String token) {
            this.token = token;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
            Metadata metadata = new Metadata();
            metadata.put(TokenInterceptor.TOKEN, token);
            applier.apply(metadata);
        }
    }
}
