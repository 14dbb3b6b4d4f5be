package dev.anvil.machined.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityKeyManagerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void ecCertificate_isOfferedForEcKeyTypes_only() {
        var issued = ServerCertificates.selfSigned("node-1", List.of(LOOPBACK));
        var manager = new IdentityKeyManager(issued.certificate(), issued.keys().getPrivate());

        assertThat(manager.chooseServerAlias("EC", null, null)).isNotNull();
        assertThat(manager.chooseEngineServerAlias("EC_EC", null, null)).isNotNull();
        assertThat(manager.chooseServerAlias("RSA", null, null)).isNull();
        assertThat(manager.chooseEngineServerAlias("EC_RSA", null, null)).isNull();
        assertThat(manager.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null)).isNotNull();
        assertThat(manager.chooseClientAlias(new String[] {"RSA"}, null, null)).isNull();
    }

    @Test
    void alias_givesTheCertificateAndKey_otherAliasesNothing() {
        var issued = ServerCertificates.selfSigned("node-1", List.of(LOOPBACK));
        var manager = new IdentityKeyManager(issued.certificate(), issued.keys().getPrivate());
        String alias = manager.chooseServerAlias("EC", null, null);

        assertThat(manager.getCertificateChain(alias)).containsExactly(issued.certificate());
        assertThat(manager.getPrivateKey(alias)).isEqualTo(issued.keys().getPrivate());
        assertThat(manager.getPrivateKey("other")).isNull();
        assertThat(manager.getServerAliases("EC", null)).containsExactly(alias);
    }
}
