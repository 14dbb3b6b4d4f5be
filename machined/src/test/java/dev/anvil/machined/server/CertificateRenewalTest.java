package dev.anvil.machined.server;

import dev.anvil.machinery.pki.CertificateAuthority;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Renewal of a stand-in certificate: a failed first try is tried again soon, not at the next renewal time. */
class CertificateRenewalTest {
    @Test
    void keep_now_retriesAFailedRenewal_untilItWorks() throws Exception {
        List<InetAddress> addresses = List.of(InetAddress.getLoopbackAddress());
        IdentityKeyManager identity = IdentityKeyManager.of(ServerCertificates.selfSigned("stand-in", addresses));
        CertificateAuthority.Issued real = ServerCertificates.selfSigned("real", addresses);
        AtomicInteger calls = new AtomicInteger();
        try (CertificateRenewal renewal = CertificateRenewal.keep(identity, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("trustd does not answer yet");
            }
            return real;
        }, "test", true, Duration.ofMillis(50))) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> identity.certificate().equals(real.certificate()));
            assertThat(calls.get()).isEqualTo(3);
        }
    }
}
