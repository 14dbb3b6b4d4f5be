package dev.anvil.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    /** As talosctl writes it, with a field Anvil does not use. */
    private static final String TALOSCONFIG = """
            context: prod
            contexts:
                prod:
                    endpoints:
                        - 10.0.0.1
                    proxy-url: socks5://localhost:1080
            """;

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void genConfig() {
        config = dir.resolve("anvilconfig");
        Cli result = Cli.run("gen", "config", "anvil", "https://10.5.0.10:6443", "--output-dir", dir.toString(),
                "--output-types", "talosconfig");
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void endpointAndNode_setTheCurrentContext_andInfoShowsThemWithExpiry() {
        assertThat(run("config", "endpoint", "10.5.0.2", "10.5.0.3").exitCode()).isZero();
        assertThat(run("config", "node", "10.5.0.2").exitCode()).isZero();

        Cli info = run("config", "info");

        assertThat(info.out()).contains("Current context:     anvil\n", "Nodes:               10.5.0.2\n",
                "Endpoints:           10.5.0.2, 10.5.0.3\n", "Roles:               os:admin\n")
                .containsPattern("Certificate expires: \\d{4}-.*\\(in 36[45] days\\)");
    }

    @Test
    void merge_addsTalosContexts_keepsTheirFields_andContextSwitches() throws Exception {
        Path talos = dir.resolve("talosconfig");
        Files.writeString(talos, TALOSCONFIG);

        assertThat(run("config", "merge", talos.toString()).exitCode()).isZero();
        Cli renamed = run("config", "merge", talos.toString());
        assertThat(renamed.out()).isEqualTo("renamed context prod -> prod-1\n");

        Cli contexts = run("config", "contexts");
        assertThat(contexts.out()).containsPattern("\\s+anvil\\s").containsPattern("\\*\\s+prod-1\\s+10.0.0.1");
        assertThat(ClientConfigFile.parse(Files.readString(config)).contexts().get("prod").other())
                .containsEntry("proxy-url", "socks5://localhost:1080");

        assertThat(run("config", "context", "anvil").exitCode()).isZero();
        assertThat(run("config", "info").out()).contains("Current context:     anvil");
        assertThat(run("config", "context", "nope").err()).startsWith("error: context \"nope\" is not defined");
    }

    @Test
    void add_makesAContextFromPemFiles() throws Exception {
        var ca = CertificateAuthority.create(DistinguishedName.organization("talos"), KeyType.ED25519,
                Instant.now(), Instant.now().plus(30, ChronoUnit.DAYS), new SecureRandom());
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(dir.resolve("admin.key"), ca.keyPem());

        Cli add = run("config", "add", "lab", "--ca", dir.resolve("ca.crt").toString(), "--crt",
                dir.resolve("ca.crt").toString(), "--key", dir.resolve("admin.key").toString());

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(run("config", "info").out()).contains("Current context:     lab", "Roles:               talos");
        assertThat(run("config", "add", "lab", "--ca", "x", "--crt", "x", "--key", "x").err())
                .isEqualTo("error: context \"lab\" already exists\n");
    }

    @Test
    void missingConfig_saysWhereItLooked() {
        Path none = dir.resolve("none");

        Cli result = Cli.run("config", "info", "--talosconfig", none.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: no client config at " + none);
    }

    private Cli run(String... args) {
        String[] withConfig = java.util.Arrays.copyOf(args, args.length + 2);
        withConfig[args.length] = "--anvilconfig";
        withConfig[args.length + 1] = config.toString();
        return Cli.run(withConfig);
    }
}
