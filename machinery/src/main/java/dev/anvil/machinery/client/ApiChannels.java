package dev.anvil.machinery.client;

import dev.anvil.machinery.pki.PemCodec;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Channels to a node's API (port 50000 unless the endpoint names another). Configured nodes are reached with
 * mutual TLS: the context's client certificate, and the node verified against the context's CA. A node in
 * maintenance mode has a one-off certificate nobody can verify, so {@link #insecure} trusts it, or only the one
 * whose SHA-256 fingerprint the user read from the node's log.
 */
public final class ApiChannels {
    public static final int PORT = 50000;
    /** Replies larger than this are refused by the client (a Read or Copy of a big file streams in chunks). */
    private static final int MAX_MESSAGE = 32 * 1024 * 1024;

    private ApiChannels() {
    }

    public static ManagedChannel mutual(ClientContext context, String endpoint) {
        if (context.ca() == null || context.ca().isEmpty()) {
            throw new IllegalArgumentException("the context has no CA certificate to verify nodes with");
        }
        if (context.key() == null || context.key().isEmpty()) {
            throw new IllegalArgumentException("the context has no client key");
        }
        X509Certificate ca = PemCodec.parseCertificate(PemCodec.fromBase64(context.ca(), "ca"));
        X509Certificate certificate = context.certificate();
        PrivateKey key = PemCodec.parsePrivateKey(PemCodec.fromBase64(context.key(), "key"));
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca).keyManager(key, certificate);
        // Talos-made contexts hold Ed25519 keys, which netty's BoringSSL engine cannot use; the JDK's can
        boolean ed25519 = isEd25519(ca) || isEd25519(certificate);
        return build(endpoint, tls, ed25519 ? SslProvider.JDK : SslProvider.OPENSSL);
    }

    /** TLS without a client certificate; {@code fingerprint} ("ab:cd:..."), when not null, pins the server's. */
    public static ManagedChannel insecure(String endpoint, String fingerprint) {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(new PinningTrustManager(fingerprint));
        return build(endpoint, tls, SslProvider.JDK);
    }

    private static ManagedChannel build(String endpoint, SslContextBuilder tls, SslProvider provider) {
        InetSocketAddress address = address(endpoint);
        SslContext ssl;
        try {
            ssl = GrpcSslContexts.configure(tls, provider).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS for " + endpoint + ": " + e.getMessage(), e);
        }
        return NettyChannelBuilder.forAddress(address.getHostString(), address.getPort()).sslContext(ssl)
                // node certificates name the node's addresses, so the address is what is verified
                .overrideAuthority(address.getHostString())
                .maxInboundMessageSize(MAX_MESSAGE)
                .build();
    }

    /** "host", "host:port", "[v6]" or "[v6]:port"; a bare IPv6 address takes the default port. */
    public static InetSocketAddress address(String endpoint) {
        String value = endpoint.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty endpoint");
        }
        String host = value;
        int port = PORT;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("endpoint " + endpoint + ": missing ]");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                port = port(endpoint, rest.startsWith(":") ? rest.substring(1) : rest);
            }
        } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') >= 0) {
            host = value.substring(0, value.indexOf(':'));
            port = port(endpoint, value.substring(value.indexOf(':') + 1));
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String endpoint, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("endpoint " + endpoint + ": bad port \"" + text + "\"");
    }

    private static boolean isEd25519(X509Certificate certificate) {
        return certificate.getPublicKey().getAlgorithm().equals("Ed25519")
                || certificate.getPublicKey().getAlgorithm().equals("EdDSA");
    }

    /** SHA-256 of a certificate as "ab:cd:...", the form machined logs. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts any server certificate, or only the one with the given fingerprint. */
    private record PinningTrustManager(String fingerprint) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (fingerprint == null) {
                return;
            }
            String actual = ApiChannels.fingerprint(chain[0]);
            String wanted = fingerprint.toLowerCase(Locale.ROOT).replace("-", ":");
            if (!actual.equals(wanted) && !actual.replace(":", "").equals(wanted)) {
                throw new CertificateException("the node's certificate fingerprint is " + actual + ", not "
                        + fingerprint);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
