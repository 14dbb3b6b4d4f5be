package dev.anvil.machinery.config.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.Resources;
import dev.anvil.machinery.config.document.LinkConfig;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.Unstructured;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPatcherTest {

    private static final String CP = Resources.config("controlplane.yaml");
    private static final String WORKER = Resources.config("worker.yaml");

    @Test
    void merge_replacesScalarsMergesMapsAndAppendsLists() {
        V1Alpha1 v1 = patchedV1(CP, """
                machine:
                  network:
                    hostname: cp-2
                  sysctls:
                    kernel.pid_max: "4194304"
                  kubelet:
                    nodeIP:
                      validSubnets: [10.6.0.0/24]
                """);

        assertThat(v1.machine().network().hostname()).isEqualTo("cp-2");
        assertThat(v1.machine().sysctls()).containsOnlyKeys("net.core.somaxconn", "vm.overcommit_memory",
                "kernel.pid_max");
        assertThat(v1.machine().kubelet().nodeIP().validSubnets()).containsExactly("10.5.0.0/24", "10.6.0.0/24");
        assertThat(v1.machine().kubelet().image()).isEqualTo("ghcr.io/siderolabs/kubelet:v1.33.1");
    }

    @Test
    void merge_interfacesByNameOrSelector_andVlansById() {
        V1Alpha1 v1 = patchedV1(CP, """
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        mtu: 9000
                      - deviceSelector:
                          hardwareAddr: "52:54:00:*"
                        vlans:
                          - vlanId: 100
                            mtu: 1400
                          - vlanId: 200
                      - interface: eth3
                        dhcp: true
                """);

        List<NetworkConfig.Device> interfaces = v1.machine().network().interfaces();
        assertThat(interfaces).hasSize(3);
        assertThat(interfaces.get(0).mtu()).isEqualTo(9000);
        assertThat(interfaces.get(0).addresses()).containsExactly("10.5.0.2/24");
        assertThat(interfaces.get(1).vlans()).extracting(NetworkConfig.Vlan::vlanId).containsExactly(100, 200);
        assertThat(interfaces.get(1).vlans().getFirst().mtu()).isEqualTo(1400L);
        assertThat(interfaces.get(1).vlans().getFirst().addresses()).containsExactly("192.168.100.2/24");
        assertThat(interfaces.get(2).interfaceName()).isEqualTo("eth3");
    }

    @Test
    void merge_admissionPluginsByName_subnetsAndAuditPolicyReplaced_argsPerFlag() {
        V1Alpha1 v1 = patchedV1(CP, """
                cluster:
                  network:
                    podSubnets: [10.100.0.0/16]
                  apiServer:
                    admissionControl:
                      - name: PodSecurity
                        configuration:
                          defaults:
                            enforce: restricted
                    auditPolicy:
                      apiVersion: audit.k8s.io/v1
                      kind: Policy
                      rules: [{level: None}]
                    extraArgs:
                      feature-gates: OnlyThis=true
                      v: "2"
                """);

        var apiServer = v1.cluster().apiServer();
        assertThat(v1.cluster().network().podSubnets()).containsExactly("10.100.0.0/16");
        assertThat(v1.cluster().network().serviceSubnets()).containsExactly("10.96.0.0/12");
        assertThat(apiServer.admissionControl()).singleElement().satisfies(plugin -> {
            @SuppressWarnings("unchecked")
            var configuration = (Map<String, Object>) plugin.configuration().value();
            assertThat(configuration).containsKeys("apiVersion", "exemptions");
            @SuppressWarnings("unchecked")
            var defaults = (Map<String, Object>) configuration.get("defaults");
            assertThat(defaults).containsEntry("enforce", "restricted").containsEntry("warn", "restricted");
        });
        assertThat(apiServer.auditPolicy()).isEqualTo(new Unstructured(Map.of("apiVersion", "audit.k8s.io/v1",
                "kind", "Policy", "rules", List.of(Map.of("level", "None")))));
        assertThat(apiServer.extraArgs()).containsExactly(Map.entry("feature-gates", ArgValue.of("OnlyThis=true")),
                Map.entry("v", ArgValue.of("2")));
    }

    @Test
    void delete_removesKeysListItemsAndDocuments() {
        ConfigBundle patched = patched(CP, """
                machine:
                  sysfs:
                    $patch: delete
                  network:
                    interfaces:
                      - interface: eth0
                        $patch: delete
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth1
                $patch: delete
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth-missing
                $patch: delete
                """);

        V1Alpha1 v1 = patched.v1alpha1().orElseThrow();
        assertThat(v1.machine().sysfs()).isNull();
        assertThat(v1.machine().network().interfaces()).singleElement()
                .satisfies(d -> assertThat(d.interfaceName()).isNull());
        assertThat(patched.all(LinkConfig.class)).isEmpty();
    }

    @Test
    void unmatchedDocument_isAppended_matchedOneMerged() {
        ConfigBundle patched = patched(CP, """
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth1
                mtu: 1500
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth7
                up: true
                """);

        assertThat(patched.all(LinkConfig.class)).extracting(LinkConfig::name, LinkConfig::mtu)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth1", 1500L),
                        org.assertj.core.groups.Tuple.tuple("eth7", null));
        assertThat(patched.all(LinkConfig.class).getFirst().addresses()).hasSize(1);
    }

    @Test
    void jsonPatch_appliesInOrderToASingleDocument() {
        V1Alpha1 v1 = patchedV1(WORKER, """
                - op: add
                  path: /machine/network/hostname
                  value: worker-1
                - op: add
                  path: /machine/certSANs/-
                  value: 10.5.0.3
                - op: replace
                  path: /cluster/clusterName
                  value: renamed
                - op: remove
                  path: /machine/disks
                - op: test
                  path: /machine/type
                  value: worker
                """);

        assertThat(v1.machine().network().hostname()).isEqualTo("worker-1");
        assertThat(v1.machine().certSANs()).containsExactly("10.5.0.3");
        assertThat(v1.cluster().clusterName()).isEqualTo("renamed");
        assertThat(v1.machine().disks()).isNull();
    }

    @Test
    void jsonPatch_inJson_moveAndCopy() {
        V1Alpha1 v1 = patchedV1(WORKER, """
                [{"op": "copy", "from": "/cluster/clusterName", "path": "/machine/network/hostname"},
                 {"op": "move", "from": "/machine/install/image", "path": "/machine/kubelet/image"}]
                """);

        assertThat(v1.machine().network().hostname()).isEqualTo("anvil-test");
        assertThat(v1.machine().kubelet().image()).isEqualTo("ghcr.io/siderolabs/installer:v1.10.3");
        assertThat(v1.machine().install().image()).isNull();
    }

    @Test
    void jsonPatch_onMultiDocumentConfig_isRejected() {
        PatchResult result = ConfigPatcher.apply(CP, List.of("[{op: remove, path: /debug}]"));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("exactly one document"));
    }

    @Test
    void jsonPatch_failingOperation_namesTheOperation() {
        PatchResult result = ConfigPatcher.apply(WORKER, List.of(
                "[{op: test, path: /machine/type, value: controlplane}]"));

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.document()).isEqualTo("patch 1");
            assertThat(p.message()).contains("operation 0", "test failed");
        });
        assertThat(ConfigPatcher.apply(WORKER, List.of("[{op: remove, path: /machine/nope}]")).ok()).isFalse();
        assertThat(ConfigPatcher.apply(WORKER, List.of("[{op: add, path: /machine/certSANs/9, value: x}]")).ok())
                .isFalse();
        assertThat(ConfigPatcher.apply(WORKER, List.of("[{op: frobnicate, path: /machine}]")).ok()).isFalse();
    }

    @Test
    void severalPatches_applyInOrder() {
        PatchResult result = ConfigPatcher.apply(WORKER, List.of(
                "machine:\n  network:\n    hostname: first\n",
                "[{op: replace, path: /machine/network/hostname, value: second}]",
                "machine:\n  network:\n    hostname: third\n"));

        assertThat(load(result).v1alpha1().orElseThrow().machine().network().hostname()).isEqualTo("third");
    }

    @Test
    void patchIntroducingUnknownField_failsWithItsPath() {
        PatchResult result = ConfigPatcher.apply(WORKER, List.of("machine:\n  netwerk: {}\n"));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(ConfigProblem::yamlPath).containsExactly("machine.netwerk");
        assertThat(result.problems().getFirst().toString())
                .isEqualTo("error: v1alpha1: machine.netwerk: unknown field \"netwerk\" (in the patched config)");
    }

    @Test
    void malformedPatch_andBrokenBase_areReportedNotThrown() {
        assertThat(ConfigPatcher.apply(WORKER, List.of("machine: [")).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("malformed YAML"));
        assertThat(ConfigPatcher.apply(WORKER, List.of("- 1\n- 2\n")).ok()).isFalse();
        assertThat(ConfigPatcher.apply(WORKER, List.of("just a string")).ok()).isFalse();
        assertThat(ConfigPatcher.apply("version: v1alpha1\nbogus: 1\n", List.of("debug: true")).ok()).isFalse();
    }

    private static V1Alpha1 patchedV1(String config, String patch) {
        return patched(config, patch).v1alpha1().orElseThrow();
    }

    private static ConfigBundle patched(String config, String patch) {
        return load(ConfigPatcher.apply(config, List.of(patch)));
    }

    private static ConfigBundle load(PatchResult result) {
        assertThat(result.problems()).filteredOn(ConfigProblem::isError).isEmpty();
        var loaded = ConfigLoader.load(result.yaml(), false);
        assertThat(loaded.errors()).isEmpty();
        return loaded.config();
    }
}
