package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ProtoField;

import java.nio.charset.StandardCharsets;

/** Talos's {@code common.PEMEncodedKey}: a PEM private key (the service account's signing key). */
public record PemKey(@ProtoField(1) Bytes key) {
    public PemKey {
        key = key == null ? Bytes.EMPTY : key;
    }

    public static PemKey of(String pem) {
        return new PemKey(Bytes.of(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    public String pem() {
        return new String(key.toByteArray(), StandardCharsets.US_ASCII);
    }
}
