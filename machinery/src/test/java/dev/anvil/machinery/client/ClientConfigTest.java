package dev.anvil.machinery.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.machinery.pki.ExtKeyUsage;
import dev.anvil.machinery.pki.Names;
import dev.anvil.machinery.secrets.Bundles;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    /** A talosconfig as talosctl writes and users edit it: Talos-only fields must survive a rewrite. */
    private static final String TALOSCONFIG = """
            context: test
            contexts:
                test:
                    endpoints:
                        - 192.168.1.1:50000
                    nodes:
                        - 10.5.0.2
                    ca: Y2E=
                    crt: Y3J0
                    key: a2V5
                    proxy-url: socks5://localhost:1080
                    cluster: prod
                    auth:
                        siderov1:
                            identity: me@example.com
                other:
                    endpoints: []
            """;

    @Test
    void talosconfig_loadsAndKeepsEveryField() {
        ClientConfig config = ClientConfigFile.parse(TALOSCONFIG);

        ClientContext test = config.current();
        assertThat(config.context()).isEqualTo("test");
        assertThat(test.endpoints()).containsExactly("192.168.1.1:50000");
        assertThat(test.nodes()).containsExactly("10.5.0.2");
        assertThat(test.ca()).isEqualTo("Y2E=");
        assertThat(test.other()).containsEntry("proxy-url", "socks5://localhost:1080").containsEntry("cluster", "prod")
                .containsKey("auth");
        assertThat(ClientConfigFile.parse(ClientConfigFile.encode(config))).isEqualTo(config);
        assertThat(ClientConfigFile.encode(config)).startsWith("context: test\ncontexts:\n    other:\n");
    }

    @Test
    void forCluster_holdsAnAdminClientCertificateSignedByTheOsCa() throws Exception {
        var secrets = Bundles.GENERATED;

        ClientConfig config = ClientConfig.forCluster(secrets, "anvil", List.of("10.5.0.2"), Instant.now(),
                new SecureRandom());

        ClientContext context = ClientConfigFile.parse(ClientConfigFile.encode(config)).current();
        X509Certificate crt = context.certificate();
        crt.verify(secrets.osAuthority().certificate().getPublicKey());
        assertThat(Names.organizations(crt.getSubjectX500Principal())).containsExactly("os:admin");
        assertThat(crt.getExtendedKeyUsage()).containsExactly(ExtKeyUsage.CLIENT_AUTH.oid());
        assertThat(context.ca()).isEqualTo(secrets.certs().os().crt());
        assertThat(context.endpoints()).containsExactly("10.5.0.2");
    }

    @Test
    void merge_renamesTakenNamesAndSwitchesToTheMergedContext() {
        var mine = ClientConfigFile.parse(TALOSCONFIG);
        var theirs = new ClientConfig("test", Map.of("test", context("1.1.1.1"), "new", context("2.2.2.2")));

        ClientConfig.Merge merge = mine.merge(theirs);

        assertThat(merge.renames()).containsExactly("test -> test-1");
        assertThat(merge.config().context()).isEqualTo("test-1");
        assertThat(merge.config().contexts()).containsKeys("test", "test-1", "new", "other");
        assertThat(merge.config().current().endpoints()).containsExactly("1.1.1.1");
        assertThat(merge.config().merge(theirs).renames()).containsExactly("new -> new-1", "test -> test-2");
    }

    @Test
    void changes_areCheckedAndTargeted() {
        var config = ClientConfigFile.parse(TALOSCONFIG);

        var switched = config.withCurrent("other").withCurrentContext(config.contexts().get("other")
                .withEndpoints(List.of("10.0.0.1")).withNodes(List.of("10.0.0.2")));

        assertThat(switched.current().endpoints()).containsExactly("10.0.0.1");
        assertThat(switched.current().nodes()).containsExactly("10.0.0.2");
        assertThat(switched.contexts().get("test")).isEqualTo(config.contexts().get("test"));
        assertThatThrownBy(() -> config.withCurrent("nope")).hasMessage(
                "context \"nope\" is not defined (known: other, test)");
        assertThatThrownBy(() -> ClientConfig.empty().current()).hasMessage("no context is set");
        assertThatThrownBy(() -> ClientConfigFile.parse("contexts: [1]")).hasMessage("contexts must be a mapping");
        assertThatThrownBy(() -> ClientConfigFile.parse("foo: 1")).hasMessage(
                "unknown field foo in the client config");
    }

    private static ClientContext context(String endpoint) {
        return new ClientContext(List.of(endpoint), List.of(), "", "", "", Map.of());
    }
}
