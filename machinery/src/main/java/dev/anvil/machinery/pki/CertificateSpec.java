package dev.anvil.machinery.pki;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a certificate says about its subject. Times are truncated to whole seconds when written. {@code ca} marks
 * a certificate authority (basicConstraints CA:TRUE).
 */
public record CertificateSpec(
        DistinguishedName subject,
        Instant notBefore,
        Instant notAfter,
        boolean ca,
        Set<KeyUsage> keyUsages,
        Set<ExtKeyUsage> extKeyUsages,
        List<String> dnsNames,
        List<InetAddress> ipAddresses) {

    public CertificateSpec {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a certificate must end after it begins");
        }
        keyUsages = Set.copyOf(keyUsages);
        extKeyUsages = Set.copyOf(extKeyUsages);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** A CA as Talos makes them: cert signing and digital signature, server and client auth. */
    public static CertificateSpec authority(DistinguishedName subject, Instant notBefore, Instant notAfter) {
        return new CertificateSpec(subject, notBefore, notAfter, true,
                Set.of(KeyUsage.CERT_SIGN, KeyUsage.DIGITAL_SIGNATURE),
                Set.of(ExtKeyUsage.SERVER_AUTH, ExtKeyUsage.CLIENT_AUTH), List.of(), List.of());
    }
}
