package dev.anvil.machinery.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import dev.anvil.machinery.secrets.Bundles;
import dev.anvil.machinery.secrets.SecretsBundle;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigGeneratorTest {

    private static final SecretsBundle SECRETS = Bundles.GENERATED;
    private static final GenerateOptions OPTIONS = GenerateOptions.defaults("anvil", "https://10.5.0.10:6443");

    @ParameterizedTest
    @EnumSource(ValidationMode.class)
    void generatedConfigs_passValidateInEveryMode(ValidationMode mode) {
        for (SecretsBundle secrets : List.of(SECRETS, Bundles.talos())) {
            GeneratedConfigs configs = ConfigGenerator.generate(secrets, OPTIONS);

            assertThat(errors(configs.controlPlane(), mode)).isEmpty();
            assertThat(errors(configs.worker(), mode)).isEmpty();
        }
    }

    @Test
    void generatedConfigs_carryNoObsoleteField() {
        GeneratedConfigs configs = ConfigGenerator.generate(SECRETS, OPTIONS);
        for (String config : List.of(configs.controlPlane(), configs.worker())) {
            assertThat(ConfigLoader.load(config, false).warnings()).as("loading our own output").isEmpty();
        }
    }

    @Test
    void sameSecretsAndOptions_giveByteIdenticalConfigs() {
        var withPatches = new GenerateOptions("anvil", "https://k8s.example:6443", "1.32.0", "/dev/vda",
                "ghcr.io/example/installer:v1", List.of("k8s.example", "10.5.0.10"), "anvil.local",
                List.of("machine:\n  sysctls:\n    net.core.somaxconn: \"1024\"\n"),
                List.of("[{\"op\": \"add\", \"path\": \"/cluster/allowSchedulingOnControlPlanes\", \"value\": true}]"),
                List.of("machine:\n  nodeLabels:\n    role: worker\n"));

        var first = ConfigGenerator.generate(SECRETS, withPatches);
        var second = ConfigGenerator.generate(SecretsFileRoundTrip.of(SECRETS), withPatches);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void controlPlane_holdsTheInputsAndEveryCa() {
        var options = new GenerateOptions("prod", "https://k8s.example:6443", "1.32.0", "/dev/vda",
                "ghcr.io/example/installer:v1", List.of("10.5.0.10"), "anvil.local", List.of(), List.of(),
                List.of());

        V1Alpha1 cp = load(ConfigGenerator.generate(SECRETS, options).controlPlane());

        assertThat(cp.machine().type()).isEqualTo("controlplane");
        assertThat(cp.machine().ca()).isEqualTo(SECRETS.certs().os());
        assertThat(cp.machine().token()).isEqualTo(SECRETS.trustdInfo().token());
        assertThat(cp.machine().certSANs()).containsExactly("10.5.0.10");
        assertThat(cp.machine().install().disk()).isEqualTo("/dev/vda");
        assertThat(cp.machine().install().image()).isEqualTo("ghcr.io/example/installer:v1");
        assertThat(cp.machine().kubelet().image()).isEqualTo("ghcr.io/siderolabs/kubelet:v1.32.0");
        assertThat(cp.cluster().clusterName()).isEqualTo("prod");
        assertThat(cp.cluster().network().dnsDomain()).isEqualTo("anvil.local");
        assertThat(cp.cluster().apiServer().certSANs()).containsExactly("k8s.example", "10.5.0.10");
        assertThat(cp.cluster().apiServer().image()).isEqualTo("registry.k8s.io/kube-apiserver:v1.32.0");
        assertThat(cp.cluster().ca()).isEqualTo(SECRETS.certs().k8s());
        assertThat(cp.cluster().aggregatorCA()).isEqualTo(SECRETS.certs().k8sAggregator());
        assertThat(cp.cluster().serviceAccount()).isEqualTo(SECRETS.certs().k8sServiceAccount());
        assertThat(cp.cluster().etcd().ca()).isEqualTo(SECRETS.certs().etcd());
        assertThat(cp.cluster().secretboxEncryptionSecret()).isEqualTo(SECRETS.secrets().secretboxEncryptionSecret());
        assertThat(cp.cluster().token()).isEqualTo(SECRETS.secrets().bootstrapToken());
    }

    @Test
    void worker_holdsNoCaKeysAndNoControlPlaneSecrets() {
        String text = ConfigGenerator.generate(SECRETS, OPTIONS).worker();
        V1Alpha1 worker = load(text);

        assertThat(worker.machine().type()).isEqualTo("worker");
        assertThat(worker.machine().ca().crt()).isEqualTo(SECRETS.certs().os().crt());
        assertThat(worker.machine().ca().key()).isEmpty();
        assertThat(worker.cluster().ca().crt()).isEqualTo(SECRETS.certs().k8s().crt());
        assertThat(worker.cluster().ca().key()).isEmpty();
        assertThat(worker.cluster().aggregatorCA()).isNull();
        assertThat(worker.cluster().serviceAccount()).isNull();
        assertThat(worker.cluster().etcd()).isNull();
        assertThat(worker.cluster().secretboxEncryptionSecret()).isNull();
        for (String secret : List.of(SECRETS.certs().os().key(), SECRETS.certs().k8s().key(),
                SECRETS.certs().etcd().key(), SECRETS.certs().k8sAggregator().key(),
                SECRETS.certs().k8sServiceAccount().key(), SECRETS.secrets().secretboxEncryptionSecret())) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void patches_applyToTheirRoleOnly() {
        var options = new GenerateOptions("anvil", "https://10.5.0.10:6443", "1.33.1", "/dev/sda", "img:1",
                List.of(), "cluster.local", List.of("machine:\n  network:\n    hostname: common\n"),
                List.of("machine:\n  nodeLabels:\n    cp: \"yes\"\n"), List.of("machine:\n  env:\n    W: \"1\"\n"));

        var configs = ConfigGenerator.generate(SECRETS, options);

        V1Alpha1 cp = load(configs.controlPlane());
        V1Alpha1 worker = load(configs.worker());
        assertThat(cp.machine().network().hostname()).isEqualTo("common");
        assertThat(worker.machine().network().hostname()).isEqualTo("common");
        assertThat(cp.machine().nodeLabels()).containsEntry("cp", "yes");
        assertThat(worker.machine().nodeLabels()).isNull();
        assertThat(worker.machine().env()).containsEntry("W", "1");
        assertThat(cp.machine().env()).isNull();
    }

    @Test
    void badInputs_failWithAReason() {
        assertThatThrownBy(() -> ConfigGenerator.generate(SECRETS,
                GenerateOptions.defaults("anvil", "10.5.0.10:6443")))
                .hasMessage("the cluster endpoint must be https://HOST[:PORT], got \"10.5.0.10:6443\" "
                        + "(try \"https://10.5.0.10:6443\")");
        var badPatch = new GenerateOptions("anvil", "https://10.5.0.10:6443", "1.33.1", "/dev/sda", "img:1",
                List.of(), "cluster.local", List.of("machine:\n  nosuchfield: 1\n"), List.of(), List.of());
        assertThatThrownBy(() -> ConfigGenerator.generate(SECRETS, badPatch))
                .hasMessageStartingWith("controlplane.yaml: ").hasMessageContaining("nosuchfield");
        var badDomain = new GenerateOptions("anvil", "https://10.5.0.10:6443", "1.33.1", "/dev/sda", "img:1",
                List.of(), "not a domain", List.of(), List.of(), List.of());
        assertThatThrownBy(() -> ConfigGenerator.generate(SECRETS, badDomain))
                .hasMessageContaining("would not be valid").hasMessageContaining("cluster.network.dnsDomain");
    }

    private static List<ConfigProblem> errors(String config, ValidationMode mode) {
        return Validator.validate(ConfigLoader.load(config, false), mode, false).stream()
                .filter(ConfigProblem::isError).toList();
    }

    private static V1Alpha1 load(String text) {
        var loaded = ConfigLoader.load(text, false);
        assertThat(loaded.errors()).isEmpty();
        return loaded.config().v1alpha1().orElseThrow();
    }

    /** The same secrets, as a fresh run would read them from secrets.yaml. */
    private static final class SecretsFileRoundTrip {
        static SecretsBundle of(SecretsBundle bundle) {
            return dev.anvil.machinery.secrets.SecretsFile.parse(dev.anvil.machinery.secrets.SecretsFile.encode(bundle));
        }
    }
}
