package dev.anvil.machined.server;

import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.role.Role;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Client certificates from the node's OS CA, for GenerateClientConfiguration: only a control plane holds the CA's
 * key. The generated client config has one context, named {@code ROLE@CLUSTER} for a single role (as Talos names
 * it), else after the cluster, with no endpoints.
 */
public final class ClientCredentials {
    private final CertificateAuthority osCa;
    private final String clusterName;

    /** {@code osCa} null: this node cannot issue (a worker, or maintenance mode). */
    public ClientCredentials(CertificateAuthority osCa, String clusterName) {
        this.osCa = osCa;
        this.clusterName = clusterName;
    }

    public static ClientCredentials none() {
        return new ClientCredentials(null, "");
    }

    /** A certificate and its client config. */
    public record Issued(CertificateAuthority.Issued certificate, String caPem, ClientConfig config) {
    }

    /** Fails with IllegalArgumentException on bad input and IllegalStateException when this node cannot issue. */
    public Issued issue(List<String> roleNames, Duration ttl) {
        if (osCa == null) {
            throw new IllegalStateException("this node holds no OS CA key: generate client configurations on a"
                    + " control plane");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("crt_ttl should be positive");
        }
        List<String> roles = new ArrayList<>();
        for (String name : roleNames) {
            Role role = Role.parse(name).orElseThrow(() -> new IllegalArgumentException("unknown role " + name
                    + " (known: " + List.of(Role.values()) + ")"));
            roles.add(role.toString());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority.Issued issued = osCa.issueClient(roles, now, ttl, new SecureRandom());
        String context = roles.size() == 1 ? roles.getFirst().substring("os:".length()) + "@" + clusterName
                : clusterName;
        String caPem = PemCodec.certificate(osCa.certificate());
        return new Issued(issued, caPem, ClientConfig.of(context, PemCodec.toBase64(caPem), issued, List.of()));
    }
}
