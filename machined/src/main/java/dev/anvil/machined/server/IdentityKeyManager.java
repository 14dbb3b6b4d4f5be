package dev.anvil.machined.server;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * One certificate and its key, offered for TLS as they are. A KeyManagerFactory would need them in a KeyStore, and a
 * PKCS12 store encrypts and decrypts the key with 10,000 rounds of PBKDF2 each way, which at start-up, in cold code,
 * was the largest single cost of starting the API. Key types are matched as the JDK's SunX509 manager matches them:
 * "EC" is the certificate's key algorithm, "EC_RSA" also wants a certificate signed with RSA.
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";

    private final X509Certificate certificate;
    private final PrivateKey key;

    public IdentityKeyManager(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    private String aliasFor(String keyType) {
        if (keyType == null) {
            return null;
        }
        int split = keyType.indexOf('_');
        String keyAlgorithm = split < 0 ? keyType : keyType.substring(0, split);
        if (!keyAlgorithm.equals(certificate.getPublicKey().getAlgorithm())) {
            return null;
        }
        if (split >= 0 && !certificate.getSigAlgName().toUpperCase(Locale.ROOT)
                .contains("WITH" + keyType.substring(split + 1).toUpperCase(Locale.ROOT))) {
            return null;
        }
        return ALIAS;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                String alias = aliasFor(keyType);
                if (alias != null) {
                    return alias;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
