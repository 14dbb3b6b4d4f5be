package dev.anvil.machined.server;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.role.Role;

import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The API's certificates: the server's, self-signed in maintenance mode and from the OS CA once configured; and
 * the client certificate a node presents to the others when it forwards calls.
 */
public final class ServerCertificates {
    private static final Duration VALIDITY = Duration.ofDays(365);

    private ServerCertificates() {
    }

    /** For the node's hostname and addresses, signed by its own key (maintenance mode has no CA yet). */
    public static CertificateAuthority.Issued selfSigned(String hostname, List<InetAddress> addresses) {
        return selfSigned(hostname, addresses, KeyType.ECDSA_P256.generate(new SecureRandom()));
    }

    /** As {@link #selfSigned(String, List)}, for a key pair made beforehand (P-256). */
    public static CertificateAuthority.Issued selfSigned(String hostname, List<InetAddress> addresses, KeyPair keys) {
        return CertificateAuthority.selfSigned(spec(hostname, addresses, Instant.now()), keys, new SecureRandom());
    }

    /** From the OS CA, for the node's hostname and addresses. */
    public static CertificateAuthority.Issued fromOsCa(CertificateAuthority osCa, String hostname,
            List<InetAddress> addresses) {
        return fromOsCa(osCa, hostname, addresses, KeyType.ECDSA_P256.generate(new SecureRandom()));
    }

    /** As {@link #fromOsCa(CertificateAuthority, String, List)}, for a key pair made beforehand (P-256). */
    public static CertificateAuthority.Issued fromOsCa(CertificateAuthority osCa, String hostname,
            List<InetAddress> addresses, KeyPair keys) {
        return osCa.issue(spec(hostname, addresses, Instant.now()), keys, new SecureRandom());
    }

    /**
     * What the API's TLS needs first and what depends on nothing the boot finds: the server's P-256 key pair, and
     * netty's BoringSSL loaded and probed. Both are slow the first time in a JVM (the curve's generator tables are
     * computed then, in cold code), so machined runs this on a thread of its own while the config loads.
     */
    public static KeyPair prepare() {
        KeyPair keys = KeyType.ECDSA_P256.generate(new SecureRandom());
        OpenSsl.isAvailable();
        return keys;
    }

    /**
     * The node's own client certificate, with which it calls other nodes for the callers it forwards: from the OS
     * CA, O=os:impersonator (the target then takes the caller's roles from the forwarded metadata), as Talos issues
     * it to its control planes.
     */
    public static CertificateAuthority.Issued impersonator(CertificateAuthority osCa, String hostname) {
        Instant now = Instant.now();
        return osCa.issue(new CertificateSpec(new DistinguishedName(hostname, List.of(Role.IMPERSONATOR.toString())),
                now.minusSeconds(60), now.plus(VALIDITY), false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of()), KeyType.ECDSA_P256, new SecureRandom());
    }

    private static CertificateSpec spec(String hostname, List<InetAddress> addresses, Instant now) {
        return new CertificateSpec(DistinguishedName.commonName(hostname), now.minusSeconds(60), now.plus(VALIDITY),
                false, Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.SERVER_AUTH), List.of(hostname),
                addresses);
    }
}
