package dev.anvil.machined.etcd;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.pki.PemCodec;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates of a node's etcd member, from the cluster's etcd CA ({@code cluster.etcd.ca}): the server's (for
 * clients on 2379), the peer's (for the other members on 2380), both naming the node's hostname and addresses (and
 * loopback, where machined calls its own member), and machined's client certificate. All keys are ECDSA P-256,
 * whatever the CA's key is. They are issued afresh on each start of etcd and renewed while it runs
 * ({@link EtcdCertificateKeeper}).
 */
public record EtcdCertificates(X509Pem ca, X509Pem server, X509Pem peer, X509Pem client) {
    static final Duration VALIDITY = Duration.ofDays(365);

    /** A certificate and (but for the CA) its key, PEM-encoded. */
    public record X509Pem(String certificate, String key) {
    }

    public static EtcdCertificates issue(CertificateAuthority ca, String hostname, List<InetAddress> addresses,
            Instant now) {
        return issue(ca, hostname, addresses, now, VALIDITY);
    }

    static EtcdCertificates issue(CertificateAuthority ca, String hostname, List<InetAddress> addresses, Instant now,
            Duration validity) {
        SecureRandom random = new SecureRandom();
        Set<InetAddress> ips = new LinkedHashSet<>(addresses);
        ips.add(InetAddress.getLoopbackAddress());
        List<String> names = new ArrayList<>(List.of(hostname, "localhost"));
        Instant notBefore = now.minusSeconds(60);
        var members = new CertificateSpec(DistinguishedName.commonName(hostname), notBefore, now.plus(validity),
                false, Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH),
                names, List.copyOf(ips));
        // the same names for both: peers dial each other as clients and servers, on the same addresses
        var server = ca.issue(members, KeyType.ECDSA_P256, random);
        var peer = ca.issue(members, KeyType.ECDSA_P256, random);
        var client = ca.issue(new CertificateSpec(DistinguishedName.commonName("machined"), notBefore,
                now.plus(validity), false, Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.CLIENT_AUTH),
                List.of(), List.of()), KeyType.ECDSA_P256, random);
        return new EtcdCertificates(new X509Pem(PemCodec.certificate(ca.certificate()), null),
                new X509Pem(server.certificatePem(), server.keyPem()), new X509Pem(peer.certificatePem(),
                peer.keyPem()), new X509Pem(client.certificatePem(), client.keyPem()));
    }

    /**
     * The files etcd is started with, under one directory. Each member certificate shares one file with its key, which
     * etcd is given as both its certificate and its key file: etcd reads both files again at each handshake, and a
     * renewal replaces the pair in one rename, so no handshake reads a certificate with the other one's key.
     */
    public record Layout(Path dir) {
        public Path ca() {
            return dir.resolve("ca.crt");
        }

        public Path server() {
            return dir.resolve("server.pem");
        }

        public Path peer() {
            return dir.resolve("peer.pem");
        }
    }

    /**
     * Writes every file (owner-only, each replaced whole) into a directory only the owner may enter, and removes any
     * other file there (keys of an earlier layout). machined's own client certificate stays in memory.
     */
    public Layout write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Layout files = new Layout(dir);
        writeOwnerOnly(files.ca(), ca.certificate());
        writeOwnerOnly(files.server(), server.certificate() + server.key());
        writeOwnerOnly(files.peer(), peer.certificate() + peer.key());
        Set<Path> kept = Set.of(files.ca(), files.server(), files.peer());
        try (var present = Files.list(dir)) {
            for (Path stale : present.filter(f -> !kept.contains(f)).toList()) {
                Files.deleteIfExists(stale);
            }
        }
        return files;
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
