package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ProtoField;

import java.nio.charset.StandardCharsets;

/** Talos's {@code common.PEMEncodedCertificate}: a PEM certificate alone, a CA a node accepts. */
public record PemCertificate(@ProtoField(1) Bytes crt) {
    public PemCertificate {
        crt = crt == null ? Bytes.EMPTY : crt;
    }

    public static PemCertificate of(String pem) {
        return new PemCertificate(Bytes.of(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    public String pem() {
        return new String(crt.toByteArray(), StandardCharsets.US_ASCII);
    }
}
