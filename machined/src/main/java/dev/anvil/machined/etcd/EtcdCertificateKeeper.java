package dev.anvil.machined.etcd;

import dev.anvil.machined.log.Log;
import dev.anvil.machined.server.CertificateRenewal;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Issues a member's certificates and keeps them current while etcd runs: they are issued again when two thirds of
 * their validity have passed, or when the node's hostname or addresses are no longer the ones they name. etcd reads
 * its certificate files at each TLS handshake, so new files take effect without a restart; machined's own client
 * certificate is handed to {@code renewed} for the clients it makes from then on.
 *
 * <p>The addresses are read from the kernel every {@link #CHECK}; a failed renewal is tried again at the next check.
 */
final class EtcdCertificateKeeper implements AutoCloseable {
    static final Duration CHECK = Duration.ofSeconds(5);

    /** What the files on disk were issued for. */
    private record Issued(String hostname, Set<InetAddress> addresses, X509Certificate server,
            EtcdCertificates.Layout layout) {
    }

    private final CertificateAuthority ca;
    private final Path dir;
    private final Supplier<String> hostname;
    private final EtcdService.Addresses addresses;
    private final Duration validity;
    private Issued issued;
    private Thread keeping;

    EtcdCertificateKeeper(CertificateAuthority ca, Path dir, Supplier<String> hostname,
            EtcdService.Addresses addresses, Duration validity) {
        this.ca = ca;
        this.dir = dir;
        this.hostname = hostname;
        this.addresses = addresses;
        this.validity = validity;
    }

    /** Issues and writes certificates for the node as it is now; returns where they are and machined's identity. */
    synchronized Written issue() throws IOException, InterruptedException {
        String name = hostname.get();
        List<InetAddress> now = addresses.current();
        EtcdCertificates certificates = EtcdCertificates.issue(ca, name, now, Instant.now(), validity);
        EtcdCertificates.Layout layout = certificates.write(dir);
        issued = new Issued(name, Set.copyOf(now), PemCodec.parseCertificate(certificates.server().certificate()),
                layout);
        return new Written(layout, EtcdClient.Identity.of(certificates));
    }

    /** Certificate files as written, and the client identity issued with them. */
    record Written(EtcdCertificates.Layout layout, EtcdClient.Identity identity) {
    }

    /** Starts keeping the certificates current (once; later calls do nothing); {@code renewed} gets each new identity. */
    synchronized void keep(Consumer<EtcdClient.Identity> renewed) {
        if (keeping != null) {
            return;
        }
        keeping = Thread.ofVirtual().name("etcd certificates").start(() -> {
            try {
                while (true) {
                    Thread.sleep(nextCheck());
                    renewIfStale(renewed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Stops keeping the certificates current; the files stay. */
    @Override
    public synchronized void close() {
        if (keeping != null) {
            keeping.interrupt();
        }
    }

    private synchronized Duration nextCheck() {
        Duration untilRenewal = CertificateRenewal.untilRenewal(issued.server(), Instant.now());
        return untilRenewal.compareTo(CHECK) < 0 ? untilRenewal : CHECK;
    }

    private void renewIfStale(Consumer<EtcdClient.Identity> renewed) throws InterruptedException {
        try {
            String why = staleness();
            if (why == null) {
                return;
            }
            Written written = issue();
            renewed.accept(written.identity());
            Log.info("etcd certificates renewed", "reason", why, "notAfter",
                    written.identity().certificate().getNotAfter().toInstant().toString());
        } catch (IOException | RuntimeException e) {
            Log.warn("etcd certificate renewal failed; retrying", "error", String.valueOf(e.getMessage()));
        }
    }

    /** Why the certificates on disk no longer fit the node, or null when they do. */
    private String staleness() throws InterruptedException {
        Issued current;
        synchronized (this) {
            current = issued;
        }
        if (CertificateRenewal.untilRenewal(current.server(), Instant.now()).isZero()) {
            return "two thirds of their validity have passed";
        }
        if (!current.hostname().equals(hostname.get())) {
            return "the hostname changed";
        }
        if (!current.addresses().equals(Set.copyOf(addresses.current()))) {
            return "the node's addresses changed";
        }
        return null;
    }
}
