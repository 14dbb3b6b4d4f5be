package dev.anvil.machined.server;

import dev.anvil.machined.server.auth.AuthorizationInterceptor;
import dev.anvil.machinery.client.ApiChannels;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The node's API on port 50000: gRPC over TLS. In maintenance mode the server presents a self-signed certificate
 * (its fingerprint is what a user checks) and asks for no client certificate; every caller is a reader. Configured,
 * it presents a certificate from the OS CA and requires a client certificate from that CA, whose O= values are the
 * caller's roles. What callers may do with resources is the {@link StateServer}'s own check.
 */
public final class ApiServer implements AutoCloseable {
    private final Server server;
    private final X509Certificate certificate;

    private ApiServer(Server server, X509Certificate certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    /** The server's own certificate and key, and the CA its clients' certificates must come from (null: none). */
    public record Tls(X509Certificate certificate, PrivateKey key, X509Certificate clientCa) {
    }

    public static ApiServer start(InetSocketAddress address, Tls tls, List<BindableService> services)
            throws IOException {
        AuthorizationInterceptor authorization = tls.clientCa() == null ? AuthorizationInterceptor.maintenance()
                : AuthorizationInterceptor.fromClientCertificates();
        // handlers may block (ServiceStop waits for the service to end): one virtual thread per call
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address).sslContext(sslContext(tls))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, authorization));
        }
        return new ApiServer(builder.build().start(), tls.certificate());
    }

    public int port() {
        return server.getPort();
    }

    /** The SHA-256 fingerprint of the server certificate, as a user compares it ("ab:cd:..."). */
    public String fingerprint() {
        return ApiChannels.fingerprint(certificate);
    }

    private static SslContext sslContext(Tls tls) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", tls.key(), new char[0], new X509Certificate[] {tls.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SslContextBuilder builder = SslContextBuilder.forServer(kmf);
            if (tls.clientCa() != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("os-ca", tls.clientCa());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                builder.trustManager(tmf).clientAuth(ClientAuth.REQUIRE);
            }
            // Ed25519 (Talos-made OS CAs) fails in netty's BoringSSL engine; the JDK's handles it
            boolean ed25519 = isEd25519(tls.certificate()) || (tls.clientCa() != null && isEd25519(tls.clientCa()));
            return GrpcSslContexts.configure(builder, ed25519 ? SslProvider.JDK : SslProvider.OPENSSL).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the API: " + e.getMessage(), e);
        }
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
        server.shutdown();
        try {
            if (!server.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking calls and waits up to 5 s for those in flight, then cuts them off. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
