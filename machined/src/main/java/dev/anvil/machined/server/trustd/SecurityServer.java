package dev.anvil.machined.server.trustd;

import com.google.protobuf.ByteString;
import dev.anvil.api.security.CertificateRequest;
import dev.anvil.api.security.CertificateResponse;
import dev.anvil.api.security.SecurityServiceGrpc;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateSpec;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.KeyUsage;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.role.Role;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * trustd's {@code securityapi.SecurityService/Certificate}: signs a node's certificate signing request with the OS
 * CA, for the names and addresses it asks for, valid for {@link #ttl}. As in Talos, the certificate is for server
 * authentication and carries no roles: organizations the request names are dropped. Anvil's one exception is a
 * request whose only organization is {@code os:reader}: it gets a client certificate with that role, which is how
 * a worker (which holds no CA key) gets its identity for calling other nodes, and why a worker can read but never
 * change another node.
 */
public final class SecurityServer extends SecurityServiceGrpc.SecurityServiceImplBase {
    private final CertificateAuthority osCa;
    private final List<X509Certificate> acceptedCas;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    /** @param acceptedCas the CA certificates a node's API should trust, the OS CA first */
    public SecurityServer(CertificateAuthority osCa, List<X509Certificate> acceptedCas, Duration ttl) {
        this.osCa = osCa;
        this.acceptedCas = List.copyOf(acceptedCas);
        this.ttl = ttl;
    }

    @Override
    public void certificate(CertificateRequest request, StreamObserver<CertificateResponse> response) {
        dev.anvil.machinery.pki.CertificateRequest csr;
        try {
            csr = dev.anvil.machinery.pki.CertificateRequest.parse(request.getCsr().toString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("failed to parse CSR: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        CertificateSpec spec = spec(csr, Instant.now());
        X509Certificate signed = osCa.issue(spec, csr.publicKey(), random);
        Log.info("trustd signed a certificate", "subject", String.valueOf(csr.subject().commonName()),
                "usage", spec.extKeyUsages().contains(ExtKeyUsage.CLIENT_AUTH) ? "client os:reader" : "server",
                "addresses", csr.ipAddresses().toString());
        StringBuilder cas = new StringBuilder();
        acceptedCas.forEach(ca -> cas.append(PemCodec.certificate(ca)));
        response.onNext(CertificateResponse.newBuilder()
                .setCa(ByteString.copyFrom(cas.toString(), StandardCharsets.UTF_8))
                .setCrt(ByteString.copyFrom(PemCodec.certificate(signed), StandardCharsets.UTF_8)).build());
        response.onCompleted();
    }

    /** What is signed for a request: Talos's server certificate, or Anvil's reader client certificate. */
    CertificateSpec spec(dev.anvil.machinery.pki.CertificateRequest csr, Instant now) {
        // a little earlier than now, for clocks behind this one: a minute, or a tenth of a short validity
        Duration skew = ttl.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0 ? ttl.dividedBy(10)
                : Duration.ofMinutes(1);
        Instant from = now.minus(skew).truncatedTo(ChronoUnit.SECONDS);
        Instant until = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        if (csr.subject().organizations().equals(List.of(Role.READER.toString()))) {
            return new CertificateSpec(csr.subject(), from, until, false, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                    Set.of(ExtKeyUsage.CLIENT_AUTH), List.of(), List.of());
        }
        return new CertificateSpec(new DistinguishedName(csr.subject().commonName(), List.of()), from, until, false,
                Set.of(KeyUsage.DIGITAL_SIGNATURE), Set.of(ExtKeyUsage.SERVER_AUTH), csr.dnsNames(),
                csr.ipAddresses());
    }
}
