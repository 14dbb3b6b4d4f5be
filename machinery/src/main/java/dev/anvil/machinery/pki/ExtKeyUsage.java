package dev.anvil.machinery.pki;

/** Extended key usages Anvil issues: TLS server and TLS client. */
public enum ExtKeyUsage {
    SERVER_AUTH("1.3.6.1.5.5.7.3.1"),
    CLIENT_AUTH("1.3.6.1.5.5.7.3.2");

    private final String oid;

    ExtKeyUsage(String oid) {
        this.oid = oid;
    }

    /** As {@link java.security.cert.X509Certificate#getExtendedKeyUsage()} lists it. */
    public String oid() {
        return oid;
    }
}
