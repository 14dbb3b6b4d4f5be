package dev.anvil.machined.server.trustd;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.CertificateRequest;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.role.Role;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A worker's certificates, which it cannot issue itself (it holds the OS CA's certificate, not its key): each is
 * asked of the control planes' trustd, one after the other until one signs. The server certificate is for the
 * node's hostname and addresses; the client identity carries the os:reader role only.
 */
public final class TrustdCertificates {
    private final TrustdClient trustd;
    private final Supplier<List<String>> controlPlanes;
    private final String hostname;
    private final Supplier<List<InetAddress>> addresses;
    private final X509Certificate osCa;
    private final SecureRandom random = new SecureRandom();

    public TrustdCertificates(TrustdClient trustd, Supplier<List<String>> controlPlanes, String hostname,
            Supplier<List<InetAddress>> addresses, X509Certificate osCa) {
        this.trustd = trustd;
        this.controlPlanes = controlPlanes;
        this.hostname = hostname;
        this.addresses = addresses;
        this.osCa = osCa;
    }

    /** A server certificate for {@code keys}, for the node's hostname and current addresses. */
    public CertificateAuthority.Issued server(KeyPair keys) {
        return sign(CertificateRequest.create(DistinguishedName.commonName(hostname), List.of(hostname),
                addresses.get(), keys, random), keys);
    }

    /** A fresh key and its client certificate, O=os:reader. */
    public CertificateAuthority.Issued client() {
        KeyPair keys = KeyType.ECDSA_P256.generate(random);
        return sign(CertificateRequest.create(new DistinguishedName(hostname, List.of(Role.READER.toString())),
                List.of(), List.of(), keys, random), keys);
    }

    private CertificateAuthority.Issued sign(String csr, KeyPair keys) {
        List<String> failures = new ArrayList<>();
        for (String controlPlane : controlPlanes.get()) {
            try {
                X509Certificate certificate = PemCodec.parseCertificate(trustd.certificate(controlPlane, csr));
                certificate.verify(osCa.getPublicKey());
                if (!certificate.getPublicKey().equals(keys.getPublic())) {
                    throw new IllegalStateException("trustd signed another key");
                }
                return new CertificateAuthority.Issued(certificate, keys);
            } catch (Exception e) {
                failures.add(controlPlane + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("no control plane's trustd signed the request ("
                + (failures.isEmpty() ? "none known" : String.join("; ", failures)) + ")");
    }
}
