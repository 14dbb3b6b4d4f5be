package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.document.HostnameConfig;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.document.UnimplementedDocument;
import dev.anvil.machinery.config.schema.ArgValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void load_generatedControlPlane_loadsWithOnlyObsoleteWarnings() {
        LoadResult result = ConfigLoader.load(Resources.config("controlplane.yaml"), false);

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(ConfigProblem::yamlPath)
                .containsExactlyInAnyOrder("persist", "cluster.apiServer.disablePodSecurityPolicy");
        var v1 = result.config().v1alpha1().orElseThrow();
        assertThat(v1.machine().type()).isEqualTo("controlplane");
        assertThat(v1.machine().network().interfaces().getFirst().interfaceName()).isEqualTo("eth0");
        assertThat(v1.cluster().apiServer().extraArgs().get("feature-gates"))
                .isEqualTo(ArgValue.of(List.of("ServerSideApply=true", "StructuredAuthenticationConfiguration=true")));
        assertThat(result.config().all(HostnameConfig.class)).containsExactly(new HostnameConfig("stable", null));
        assertThat(result.config().all(LinkConfig.class)).singleElement()
                .satisfies(l -> assertThat(l.mtu()).isEqualTo(9000L));
    }

    @Test
    void load_unknownField_isErrorWithDocumentPathAndLine() {
        String yaml = """
                version: v1alpha1
                machine:
                  type: worker
                  netwrok:
                    hostname: a
                cluster:
                  controlPlane:
                    endpoint: https://1.2.3.4:6443
                    typo: 1
                """;

        LoadResult result = ConfigLoader.load(yaml, false);

        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).containsExactly(
                new ConfigProblem("v1alpha1", "machine.netwrok", 4, "unknown field \"netwrok\"",
                        ConfigProblem.Severity.ERROR),
                new ConfigProblem("v1alpha1", "cluster.controlPlane.typo", 9, "unknown field \"typo\"",
                        ConfigProblem.Severity.ERROR));
    }

    @Test
    void load_unknownKind_isErrorNamingKindAndLine() {
        String yaml = """
                apiVersion: v1alpha1
                kind: HostnameConfig
                hostname: a
                ---
                apiVersion: v1alpha1
                kind: FrobnicatorConfig
                """;

        LoadResult result = ConfigLoader.load(yaml, false);

        assertThat(result.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.yamlPath()).isEqualTo("kind");
            assertThat(p.message()).contains("FrobnicatorConfig");
        });
    }

    @Test
    void load_wrongTypes_reportsEveryProblemAtOnce() {
        String yaml = """
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                up: maybe
                mtu: big
                addresses: 10.0.0.1/24
                """;

        LoadResult result = ConfigLoader.load(yaml, false);

        assertThat(result.errors()).extracting(ConfigProblem::yamlPath, ConfigProblem::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("up", 4),
                        org.assertj.core.groups.Tuple.tuple("mtu", 5),
                        org.assertj.core.groups.Tuple.tuple("addresses", 6));
        assertThat(result.errors()).allSatisfy(p -> assertThat(p.document()).isEqualTo("LinkConfig \"eth0\""));
    }

    @Test
    void load_unimplementedField_warnsAndStrictMakesItAnError() {
        String yaml = """
                version: v1alpha1
                machine:
                  type: worker
                  udev:
                    rules: ["SUBSYSTEM==\\"drm\\", GROUP=\\"video\\""]
                """;

        assertThat(ConfigLoader.load(yaml, false).warnings()).singleElement()
                .satisfies(p -> assertThat(p.yamlPath()).isEqualTo("machine.udev"));
        assertThat(ConfigLoader.load(yaml, true).errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("udev rules"));
    }

    @Test
    void load_unimplementedKind_isKeptAndWarned() {
        String yaml = """
                apiVersion: v1alpha1
                kind: KubeSpanConfig
                enabled: true
                """;

        LoadResult lenient = ConfigLoader.load(yaml, false);

        assertThat(lenient.ok()).isTrue();
        assertThat(lenient.warnings()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
        assertThat(lenient.config().documents()).singleElement().isInstanceOf(UnimplementedDocument.class);
        assertThat(ConfigLoader.load(yaml, true).ok()).isFalse();
    }

    @Test
    void load_duplicateDocuments_isError() {
        String yaml = """
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                """;

        assertThat(ConfigLoader.load(yaml, false).errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("duplicate document"));
    }

    @Test
    void load_namedKindWithoutName_isError() {
        assertThat(ConfigLoader.load("apiVersion: v1alpha1\nkind: LinkConfig\nmtu: 1500\n", false).errors())
                .extracting(ConfigProblem::yamlPath).containsExactly("name");
    }

    @Test
    void load_malformedYaml_isOneErrorWithLine() {
        LoadResult result = ConfigLoader.load("version: v1alpha1\nmachine:\n  type: [worker\n", false);

        assertThat(result.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("malformed YAML");
            assertThat(p.line()).isPositive();
        });
    }

    @Test
    void load_wrongVersion_isError() {
        assertThat(ConfigLoader.load("version: v2\n", false).errors()).singleElement()
                .satisfies(p -> assertThat(p.yamlPath()).isEqualTo("version"));
    }

    @Test
    void load_anvilDocument_usesAnvilApiVersion() {
        LoadResult result = ConfigLoader.load("apiVersion: anvil.dev/v1alpha1\nkind: MachinedLogConfig\nformat: json\n",
                false);

        assertThat(result.ok()).isTrue();
        assertThat(result.config().documents().getFirst().apiVersion()).isEqualTo("anvil.dev/v1alpha1");
        assertThat(ConfigLoader.load("apiVersion: v1alpha1\nkind: MachinedLogConfig\n", false).ok()).isFalse();
    }
}
