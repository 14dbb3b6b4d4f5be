package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.v1alpha1.Pem;
import java.util.List;

/** Rules for PEM material: certificates and keys parse, and a key belongs to its certificate. */
final class Pki {

    private Pki() {
    }

    /**
     * Checks a CA. {@code keyRule} says whether this node must carry the key (control plane), must not (worker), or
     * either.
     */
    static void checkCa(Findings f, ConfigDocument doc, String path, Pem.CertAndKey ca, KeyRule keyRule) {
        if (ca == null || isEmpty(ca.crt())) {
            f.error(doc, path + ".crt", "a certificate is required");
            return;
        }
        boolean hasKey = !isEmpty(ca.key());
        if (keyRule == KeyRule.REQUIRED && !hasKey) {
            f.error(doc, path + ".key", "the control plane needs the CA key");
        } else if (keyRule == KeyRule.FORBIDDEN && hasKey) {
            f.error(doc, path + ".key", "a worker must not carry the CA key");
        }
        checkPair(f, doc, path, ca);
    }

    /** Parses what is present of a certificate and key, and checks that they match. */
    static void checkPair(Findings f, ConfigDocument doc, String path, Pem.CertAndKey pair) {
        if (pair == null || isEmpty(pair.crt())) {
            return;
        }
        var certificate = KeyMaterial.certificate(pair.crt());
        if (certificate.error() != null) {
            f.error(doc, path + ".crt", certificate.error());
        }
        if (isEmpty(pair.key())) {
            return;
        }
        var key = KeyMaterial.privateKey(pair.key());
        if (key.error() != null) {
            f.error(doc, path + ".key", key.error());
        } else if (certificate.value() != null) {
            KeyMaterial.mismatch(certificate.value(), key.value(), pair.key())
                    .ifPresent(reason -> f.error(doc, path + ".key", reason));
        }
    }

    static void checkCerts(Findings f, ConfigDocument doc, String path, List<Pem.Cert> certs) {
        if (certs == null) {
            return;
        }
        for (int i = 0; i < certs.size(); i++) {
            String crt = certs.get(i).crt();
            String itemPath = path + "[" + i + "].crt";
            if (isEmpty(crt)) {
                f.error(doc, itemPath, "a certificate is required");
            } else {
                var parsed = KeyMaterial.certificate(crt);
                if (parsed.error() != null) {
                    f.error(doc, itemPath, parsed.error());
                }
            }
        }
    }

    static void checkKey(Findings f, ConfigDocument doc, String path, String key) {
        if (!isEmpty(key)) {
            var parsed = KeyMaterial.privateKey(key);
            if (parsed.error() != null) {
                f.error(doc, path, parsed.error());
            }
        }
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    enum KeyRule { REQUIRED, FORBIDDEN, OPTIONAL }
}
