package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.machinery.pki.CertificateAuthority;

import java.nio.charset.StandardCharsets;

/**
 * Talos's {@code common.PEMEncodedCertificateAndKey}: a PEM certificate and its PEM key, bytes on the wire and
 * base64 in YAML as Talos shows them. The key is empty where only the certificate is known.
 */
public record PemCertificateAndKey(@ProtoField(1) Bytes crt, @ProtoField(2) Bytes key) {
    public PemCertificateAndKey {
        crt = crt == null ? Bytes.EMPTY : crt;
        key = key == null ? Bytes.EMPTY : key;
    }

    public static PemCertificateAndKey of(String certificatePem, String keyPem) {
        return new PemCertificateAndKey(Bytes.of(certificatePem.getBytes(StandardCharsets.US_ASCII)),
                Bytes.of(keyPem.getBytes(StandardCharsets.US_ASCII)));
    }

    public static PemCertificateAndKey of(CertificateAuthority.Issued issued) {
        return of(issued.certificatePem(), issued.keyPem());
    }

    public String certificatePem() {
        return new String(crt.toByteArray(), StandardCharsets.US_ASCII);
    }

    public String keyPem() {
        return new String(key.toByteArray(), StandardCharsets.US_ASCII);
    }

    /** The CA this holds, to issue with; fails without a key. */
    public CertificateAuthority authority() {
        return CertificateAuthority.fromPem(certificatePem(), keyPem());
    }
}
