package dev.anvil.machinery.config;

import dev.anvil.machinery.config.schema.Yaml;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.generate.GeneratedConfigs;
import dev.anvil.machinery.secrets.Bundles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRedactionTest {
    private static final GeneratedConfigs CONFIGS = ConfigGenerator.generate(Bundles.GENERATED,
            GenerateOptions.defaults("anvil", "https://10.5.0.10:6443"));

    @Test
    void redact_generatedConfigs_keepNoSecretOfTheBundle() {
        List<String> secrets = Bundles.GENERATED.secretValues();
        assertThat(secrets).hasSizeGreaterThan(10);
        for (String config : List.of(CONFIGS.controlPlane(), CONFIGS.worker())) {
            assertThat(secrets).anyMatch(config::contains);
            String redacted = ConfigRedaction.redact(config);
            assertThat(secrets).noneMatch(redacted::contains);
            assertThat(redacted).contains("token: \"******\"").contains("clusterName: anvil");
        }
    }

    @Test
    void redact_keepsTheRestOfTheConfig_andEmptyValues() {
        String redacted = ConfigRedaction.redact(CONFIGS.controlPlane());
        String original = Yaml.dumpAll(Yaml.composeAll(CONFIGS.controlPlane()));
        assertThat(redacted.lines().count()).isEqualTo(original.lines().count());
        assertThat(ConfigRedaction.redact("version: v1alpha1\ncluster:\n  secret: \"\"\n"))
                .isEqualTo("version: v1alpha1\ncluster:\n  secret: \"\"\n");
    }

    @Test
    void redact_otherDocuments_asTalosDoes() {
        String redacted = ConfigRedaction.redact("""
                apiVersion: v1alpha1
                kind: WireguardConfig
                name: wg0
                privateKey: cGxlYXNlLWRvLW5vdC1zaG93LW1l
                peers:
                  - publicKey: visible
                    presharedKey: aGlkZGVu
                ---
                apiVersion: v1alpha1
                kind: SideroLinkConfig
                apiUrl: https://siderolink.api/join?jointoken=s3cret&user=alice
                ---
                apiVersion: v1alpha1
                kind: DiscoveryIdentityConfig
                clusterSecret: c2VjcmV0
                ---
                apiVersion: v1alpha1
                kind: KubeEtcdEncryptionConfig
                config:
                  resources:
                    - providers:
                        - secretbox:
                            keys:
                              - name: key1
                                secret: a2V5
                """);
        assertThat(redacted).doesNotContain("cGxlYXNlLWRvLW5vdC1zaG93LW1l", "aGlkZGVu", "s3cret", "c2VjcmV0", "a2V5")
                .contains("publicKey: visible", "jointoken=******&user=alice", "name: key1");
    }
}
