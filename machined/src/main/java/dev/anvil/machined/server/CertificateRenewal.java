package dev.anvil.machined.server;

import dev.anvil.machined.log.Log;
import dev.anvil.machinery.pki.CertificateAuthority;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Keeps a certificate fresh without a restart: when two thirds of its validity have passed, a new one is made
 * ({@code renew}: issued locally on a control plane, asked of trustd on a worker) and swapped into the key manager,
 * which the next TLS handshake uses. A failed renewal is tried again every {@link #RETRY} until it works.
 */
public final class CertificateRenewal implements AutoCloseable {
    static final Duration RETRY = Duration.ofSeconds(10);

    private final Thread thread;

    private CertificateRenewal(Thread thread) {
        this.thread = thread;
    }

    /** Starts renewing what {@code identity} holds now, for as long as the node runs; {@code what} names it in logs. */
    public static CertificateRenewal keep(IdentityKeyManager identity, Supplier<CertificateAuthority.Issued> renew,
            String what) {
        return keep(identity, renew, what, false);
    }

    /**
     * As {@link #keep(IdentityKeyManager, Supplier, String)}; with {@code now}, the first renewal is tried at once
     * (a stand-in certificate is being served until a real one comes).
     */
    public static CertificateRenewal keep(IdentityKeyManager identity, Supplier<CertificateAuthority.Issued> renew,
            String what, boolean now) {
        return keep(identity, renew, what, now, RETRY);
    }

    /**
     * As {@link #keep(IdentityKeyManager, Supplier, String, boolean)}, retrying a failed renewal after {@code retry}
     * (not at the certificate's next renewal time: a worker serving a stand-in certificate because trustd did not
     * answer in time must get its real one as soon as trustd does).
     */
    static CertificateRenewal keep(IdentityKeyManager identity, Supplier<CertificateAuthority.Issued> renew,
            String what, boolean now, Duration retry) {
        return new CertificateRenewal(Thread.ofVirtual().name("renew " + what).start(() -> {
            try {
                boolean renewNow = now;
                while (true) {
                    if (!renewNow) {
                        Thread.sleep(untilRenewal(identity.certificate(), Instant.now()));
                    }
                    try {
                        identity.replace(renew.get());
                        renewNow = false;
                        Log.info("certificate renewed", "certificate", what, "notAfter",
                                identity.certificate().getNotAfter().toInstant().toString());
                    } catch (RuntimeException e) {
                        Log.warn("certificate renewal failed; retrying", "certificate", what, "error",
                                String.valueOf(e.getMessage()));
                        renewNow = true;
                        Thread.sleep(retry);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** How long from {@code now} until two thirds of the certificate's validity have passed (zero if they have). */
    public static Duration untilRenewal(X509Certificate certificate, Instant now) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant until = certificate.getNotAfter().toInstant();
        Instant renewAt = from.plus(Duration.between(from, until).multipliedBy(2).dividedBy(3));
        return now.isBefore(renewAt) ? Duration.between(now, renewAt) : Duration.ZERO;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
