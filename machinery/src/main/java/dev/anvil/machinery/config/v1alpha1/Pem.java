package dev.anvil.machinery.config.v1alpha1;

/**
 * PEM material as Talos stores it in YAML: each field is the base64 encoding of a PEM block (so a certificate reads
 * {@code LS0tLS1CRUdJTi...}). Validation decodes and parses them; loading keeps the text as written.
 */
public final class Pem {

    private Pem() {
    }

    /** A certificate with its private key; the key is absent where only trust is needed (e.g. on workers). */
    public record CertAndKey(String crt, String key) {
    }

    /** A certificate alone (accepted CAs). */
    public record Cert(String crt) {
    }

    /** A private key alone (the service account signing key). */
    public record Key(String key) {
    }
}
