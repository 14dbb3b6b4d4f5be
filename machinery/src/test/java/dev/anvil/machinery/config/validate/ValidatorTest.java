package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ValidatorTest {

    private static final String CP = Resources.config("controlplane.yaml");
    private static final String WORKER = Resources.config("worker.yaml");

    @ParameterizedTest
    @EnumSource(ValidationMode.class)
    void generatedConfigs_haveNoErrorsInAnyMode(ValidationMode mode) {
        assertThat(errors(CP, mode)).isEmpty();
        assertThat(errors(WORKER, mode)).isEmpty();
    }

    @Test
    void strict_turnsWarningsIntoErrors() {
        assertThat(Validator.validate(ConfigLoader.load(CP, false), ValidationMode.METAL, true))
                .isNotEmpty().allMatch(ConfigProblem::isError);
    }

    @Test
    void endpoint_isRequiredAndMustBeAUrl() {
        assertThat(errorPaths(edit(CP, "endpoint: https://10.5.0.10:6443", "endpoint: 10.5.0.10:6443")))
                .containsExactly("cluster.controlPlane.endpoint");
        assertThat(errorPaths(edit(WORKER, "        endpoint: https://10.5.0.10:6443\n", "        {}\n")))
                .containsExactly("cluster.controlPlane.endpoint");
    }

    @Test
    void problem_carriesTheLineOfTheValue() {
        var problem = errors(edit(CP, "dnsDomain: cluster.local", "dnsDomain: cluster_local"), ValidationMode.METAL)
                .getFirst();

        assertThat(problem.yamlPath()).isEqualTo("cluster.network.dnsDomain");
        assertThat(problem.line()).isEqualTo(lineOf(CP, "dnsDomain: cluster.local"));
    }

    @Test
    void machineType_mustBeKnown() {
        assertThat(errorPaths(edit(CP, "type: controlplane", "type: master"))).contains("machine.type");
    }

    @Test
    void tokens_mustHaveTheKubernetesFormat() {
        assertThat(errorPaths(edit(CP, "token: 3kqzvh.0x6ndpvwh1ib4yfk", "token: nope"))).isEmpty();
        assertThat(warningPaths(edit(CP, "token: 3kqzvh.0x6ndpvwh1ib4yfk", "token: nope"))).contains("machine.token");
        assertThat(errorPaths(edit(CP, "token: 8u3ncz.xlx5wsd1z9qq9ybb", "token: NOPE.x")))
                .containsExactly("cluster.token");
    }

    @Test
    void worker_mustNotCarryCaKeysOrControlPlaneSections() {
        String osKey = ConfigLoader.load(CP, false).config().v1alpha1().orElseThrow().machine().ca().key();
        String carrying = WORKER.replaceFirst("key: \"\"", "key: " + osKey);

        assertThat(errorPaths(carrying)).containsExactly("machine.ca.key");
        String cpAsWorker = edit(CP, "type: controlplane", "type: worker");
        assertThat(errorPaths(cpAsWorker)).containsExactlyInAnyOrder("machine.ca.key", "cluster.ca.key",
                "cluster.etcd", "machine.features.kubernetesTalosAPIAccess", "machine.network.interfaces[0].vip");
        assertThat(warningPaths(cpAsWorker)).contains("cluster.serviceAccount", "cluster.aggregatorCA",
                "cluster.secretboxEncryptionSecret");
    }

    @Test
    void controlPlane_needsTheCaKeys() {
        assertThat(errorPaths(edit(WORKER, "type: worker", "type: controlplane")))
                .containsExactlyInAnyOrder("machine.ca.key", "cluster.ca.key");
    }

    @Test
    void certificate_andKey_mustParseAndMatch() {
        var v1 = ConfigLoader.load(CP, false).config().v1alpha1().orElseThrow();
        String etcdKey = v1.cluster().etcd().ca().key();
        String k8sKey = v1.cluster().ca().key();

        assertThat(errorPaths(edit(CP, "key: " + k8sKey, "key: " + etcdKey))).containsExactly("cluster.ca.key");
        assertThat(errorPaths(edit(CP, "crt: " + v1.cluster().ca().crt(), "crt: bm90IGEgY2VydA==")))
                .containsExactly("cluster.ca.crt");
    }

    @Test
    void metal_needsAnInstallDisk_otherModesDoNot() {
        String noDisk = edit(CP, "        disk: /dev/sda # The disk used for installations.\n", "");

        assertThat(errorPaths(noDisk, ValidationMode.METAL)).containsExactly("machine.install");
        assertThat(errorPaths(noDisk, ValidationMode.CLOUD)).isEmpty();
        assertThat(errorPaths(edit(CP, "disk: /dev/sda", "disk: sda"))).containsExactly("machine.install.disk");
    }

    @Test
    void container_warnsAboutGlobalSettingsItSkips() {
        assertThat(Validator.validate(ConfigLoader.load(CP, false), ValidationMode.CONTAINER, false))
                .filteredOn(p -> p.message().contains("container mode")).extracting(ConfigProblem::yamlPath)
                .containsExactlyInAnyOrder("machine.install", "machine.sysctls.vm.overcommit_memory",
                        "machine.sysfs", "machine.kernel.modules");
    }

    @Test
    void subnets_mustBeCidrs() {
        assertThat(errorPaths(edit(CP, "- 10.244.0.0/16", "- 10.244.0.0"))).containsExactly(
                "cluster.network.podSubnets[0]");
        assertThat(errorPaths(edit(CP, "- 192.168.100.2/24", "- 192.168.100.2/40")))
                .containsExactly("machine.network.interfaces[1].vlans[0].addresses[0]");
        assertThat(errorPaths(edit(CP, "gateway: 10.5.0.1", "gateway: router")))
                .containsExactly("machine.network.interfaces[0].routes[0].gateway");
    }

    @Test
    void cni_customNeedsUrls() {
        assertThat(errorPaths(edit(CP, "name: flannel", "name: custom"))).containsExactly("cluster.network.cni.urls");
        assertThat(errorPaths(edit(CP, "name: flannel", "name: calico"))).containsExactly("cluster.network.cni.name");
    }

    @Test
    void discovery_needsIdAndSecret() {
        String noId = edit(CP, "    id: Xh5Qe0Jx2kMpa1cQvRDNHXpdtEEZpn8p9mfsg4uXKXw=", "    id: ''");

        assertThat(errorPaths(noId)).containsExactly("cluster.id");
        assertThat(errorPaths(edit(CP, "    id: Xh5Qe0Jx2kMpa1cQvRDNHXpdtEEZpn8p9mfsg4uXKXw=", "    id: c2hvcnQ=")))
                .containsExactly("cluster.id");
    }

    @Test
    void inlineManifests_needDistinctNames() {
        String twice = edit(CP, "    inlineManifests:\n", """
                    inlineManifests:
                        - name: namespace-anvil
                          contents: "{}"
                """);

        assertThat(errorPaths(twice)).containsExactly("cluster.inlineManifests[1].name");
    }

    @Test
    void durations_mustParse() {
        assertThat(errorPaths(edit(CP, "bootTimeout: 2m0s", "bootTimeout: 2 minutes")))
                .containsExactly("machine.time.bootTimeout");
    }

    @Test
    void files_needAbsolutePathValidOpAndMode() {
        String bad = edit(edit(edit(CP, "permissions: 0o644", "permissions: rw"), "op: create", "op: replace"),
                "path: /etc/cri/conf.d/20-customization.part", "path: etc/x");

        assertThat(errorPaths(bad)).containsExactlyInAnyOrder("machine.files[0].permissions", "machine.files[0].op",
                "machine.files[0].path");
    }

    @Test
    void talosApiAccess_rolesMustBeKnown() {
        assertThat(errorPaths(edit(CP, "- os:reader", "- os:root")))
                .containsExactly("machine.features.kubernetesTalosAPIAccess.allowedRoles[0]");
    }

    @Test
    void interface_needsExactlyOneOfNameAndSelector() {
        String both = edit(CP, "            - deviceSelector:\n", "            - interface: eth9\n              deviceSelector:\n");

        assertThat(errorPaths(both)).containsExactly("machine.network.interfaces[1]");
    }

    @Test
    void dhcpWithStaticAddresses_isAWarning() {
        String both = edit(CP, "              dhcp: true\n", "              dhcp: true\n              addresses: [10.9.0.2/24]\n");

        assertThat(errors(both, ValidationMode.METAL)).isEmpty();
        assertThat(warningPaths(both)).contains("machine.network.interfaces[1]");
    }

    @Test
    void bondAndBridgeOnOneLink_andSharedMembers_areErrors() {
        String bonds = edit(CP, "              mtu: 1500\n", """
                              mtu: 1500
                              bond:
                                mode: active-backup
                                interfaces: [eth5, eth6]
                                lacpRate: fast
                              bridge:
                                interfaces: [eth6]
                """);

        assertThat(errorPaths(bonds)).containsExactlyInAnyOrder("machine.network.interfaces[0]",
                "machine.network.interfaces[0].bond.lacpRate", "machine.network.interfaces[0].bridge.interfaces[0]");
    }

    @Test
    void vlanIds_mustBeInRangeAndDistinct() {
        String vlans = edit(CP, "                - vlanId: 100\n", """
                                - vlanId: 5000
                                - vlanId: 7
                                - vlanId: 7
                                - vlanId: 100
                """);

        assertThat(errorPaths(vlans)).containsExactly("machine.network.interfaces[1].vlans[0].vlanId",
                "machine.network.interfaces[1].vlans[2].vlanId");
    }

    @Test
    void hostnameConfig_needsExactlyOneOfAutoAndHostname_andNoSecondHostname() {
        assertThat(errorPaths(edit(CP, "auto: stable", "auto: random"))).containsExactly("auto");
        assertThat(errorPaths(edit(CP, "auto: stable", "auto: stable\nhostname: x"))).contains("");
    }

    @Test
    void v1alpha1Network_hostnameAndNameserversAreChecked() {
        assertThat(errorPaths(edit(WORKER, "    network: {}", "    network: {hostname: w_1, nameservers: [dns.google]}")))
                .containsExactly("machine.network.hostname", "machine.network.nameservers[0]");
    }

    @Test
    void newDocument_takingOverAV1alpha1Setting_isAConflict() {
        String worker = edit(WORKER, "    network: {}", "    network: {hostname: w1, nameservers: [1.1.1.1]}")
                + """
                ---
                apiVersion: v1alpha1
                kind: HostnameConfig
                auto: stable
                ---
                apiVersion: v1alpha1
                kind: ResolverConfig
                nameservers: [{address: 9.9.9.9}]
                ---
                apiVersion: v1alpha1
                kind: KubeletConfig
                image: k
                ---
                apiVersion: v1alpha1
                kind: KubeNodeConfig
                labels: {a: b}
                """;

        assertThat(errors(worker, ValidationMode.METAL)).extracting(ConfigProblem::document, ConfigProblem::message)
                .containsExactly(
                        conflict("HostnameConfig", "machine.network.hostname"),
                        conflict("HostnameConfig", "machine.features.stableHostname"),
                        conflict("ResolverConfig", "machine.network.nameservers"),
                        conflict("KubeletConfig", "machine.kubelet"));
        assertThat(errorPaths(edit(worker, "    network: {hostname: w1, nameservers: [1.1.1.1]}", "    network: {}")
                .replace("    kubelet:", "    kubelet:\n        skipNodeRegistration: true"))).hasSize(3);
    }

    private static org.assertj.core.groups.Tuple conflict(String document, String path) {
        return org.assertj.core.groups.Tuple.tuple(document,
                path + " is already set in the v1alpha1 document; set it in one place only");
    }

    @Test
    void linkDocuments_checkAddressesRoutesAndVlanIds() {
        assertThat(errorPaths(edit(CP, "  - address: 192.168.1.100/24", "  - address: 192.168.1.100")))
                .containsExactly("addresses[0].address");
        assertThat(errorPaths(edit(CP, "vlanID: 42", "vlanID: 0"))).containsExactly("vlanID");
        assertThat(errorPaths(edit(CP, "name: 10.5.0.20", "name: registry"))).containsExactly("name");
    }

    @Test
    void dhcpDocumentAndStaticAddresses_onOneLink_isAWarning() {
        String both = edit(CP, "kind: DHCPv4Config\nname: eth2", "kind: DHCPv4Config\nname: eth1");

        assertThat(warningPaths(both)).contains("addresses");
    }

    @Test
    void bondDocuments_cannotShareMembers() {
        String yaml = """
                apiVersion: v1alpha1
                kind: BondConfig
                name: bond0
                bondMode: 802.3ad
                links: [eth0, eth1]
                ---
                apiVersion: v1alpha1
                kind: BridgeConfig
                name: br0
                links: [eth1]
                """;

        assertThat(errorPaths(yaml, ValidationMode.CLOUD)).containsExactly("links[0]");
    }

    @Test
    void kubernetesDocuments_checkDnsSubnetsAndPod() {
        String yaml = """
                apiVersion: v1alpha1
                kind: KubeletConfig
                clusterDNS: [kube-dns]
                ---
                apiVersion: v1alpha1
                kind: KubeNodeConfig
                nodeIP:
                  validSubnets: ["!10.0.0.0"]
                ---
                apiVersion: v1alpha1
                kind: KubeStaticPodConfig
                name: web
                """;

        assertThat(errorPaths(yaml, ValidationMode.CLOUD)).containsExactly("clusterDNS[0]", "nodeIP.validSubnets[0]",
                "pod");
    }

    @Test
    void resolverHostDns_optionsNeedItEnabled() {
        String yaml = "apiVersion: v1alpha1\nkind: ResolverConfig\nhostDNS: {enabled: false, resolveMemberNames: true}\n";

        assertThat(errorPaths(yaml, ValidationMode.CLOUD)).containsExactly("hostDNS");
    }

    @Test
    void talosRules_hostDnsForwardingAndUkiArgs() {
        assertThat(errorPaths(edit(CP, "            enabled: true # Enable host DNS caching resolver.",
                "            enabled: false"))).containsExactly("machine.features.hostDNS");
        assertThat(errorPaths(edit(CP, "            - console=ttyS0", "            - console=ttyS0\n        grubUseUKICmdline: true")))
                .containsExactly("machine.install.grubUseUKICmdline");
    }

    @Test
    void unattendedInstallDocument_replacesMachineInstallOnMetal() {
        String noInstall = edit(CP, "        disk: /dev/sda # The disk used for installations.\n", "");
        String unattended = noInstall + "---\napiVersion: v1alpha1\nkind: UnattendedInstallConfig\n"
                + "installer: {image: ghcr.io/siderolabs/installer:v1.12.0}\n";

        assertThat(errorPaths(noInstall)).containsExactly("machine.install");
        assertThat(errorPaths(unattended)).isEmpty();
    }

    @Test
    void anvilDocument_formatIsChecked() {
        assertThat(errorPaths("apiVersion: anvil.dev/v1alpha1\nkind: MachinedLogConfig\nformat: xml\n",
                ValidationMode.CLOUD)).containsExactly("format");
    }

    @Test
    void metricsConfig_listenAddress_isRequiredAndChecked() {
        String doc = "apiVersion: anvil.dev/v1alpha1\nkind: MetricsConfig\n";
        for (String good : List.of(":9101", "0.0.0.0:9101", "10.213.33.2:9101", "[::1]:9101")) {
            assertThat(errors(doc + "listenAddress: \"" + good + "\"\n", ValidationMode.CLOUD)).as(good).isEmpty();
        }
        assertThat(errors(doc, ValidationMode.CLOUD)).singleElement().satisfies(p -> {
            assertThat(p.yamlPath()).isEqualTo("listenAddress");
            assertThat(p.toString()).contains("required");
        });
        for (String bad : List.of("9101", "localhost:9101", ":0", ":70000", "::1:9101", "[10.0.0.1]:80", ":http")) {
            assertThat(errors(doc + "listenAddress: \"" + bad + "\"\n", ValidationMode.CLOUD)).as(bad)
                    .singleElement().satisfies(p -> assertThat(p.toString()).contains("not a listen address"));
        }
    }

    @Test
    void loggingDestination_needsTcpOrUdpWithAPort_andJsonLines() {
        String logging = "    logging:\n        destinations:\n";
        String good = logging + "            - {endpoint: 'tcp://10.213.34.1:5044', format: json_lines,"
                + " extraTags: {node: a}}\n            - {endpoint: 'udp://[fd00::1]:5045', format: json_lines}\n";
        assertThat(errorPaths(edit(CP, "    env:\n", good + "    env:\n"))).isEmpty();
        String bad = logging + "            - {endpoint: 'tcp://10.213.34.1', format: json_lines}\n"
                + "            - {format: json_lines}\n            - {endpoint: 'udp://h:1', format: text}\n";
        assertThat(errorPaths(edit(CP, "    env:\n", bad + "    env:\n"))).containsExactly(
                "machine.logging.destinations[0].endpoint", "machine.logging.destinations[1].endpoint",
                "machine.logging.destinations[2].format");
    }

    private static String edit(String text, String from, String to) {
        assertThat(text.split(java.util.regex.Pattern.quote(from), -1)).as("occurrences of " + from).hasSize(2);
        return text.replace(from, to);
    }

    private static int lineOf(String text, String needle) {
        return (int) text.substring(0, text.indexOf(needle)).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<ConfigProblem> errors(String yaml, ValidationMode mode) {
        return Validator.validate(ConfigLoader.load(yaml, false), mode, false).stream()
                .filter(ConfigProblem::isError).toList();
    }

    private static List<String> errorPaths(String yaml) {
        return errorPaths(yaml, ValidationMode.METAL);
    }

    private static List<String> errorPaths(String yaml, ValidationMode mode) {
        return errors(yaml, mode).stream().map(ConfigProblem::yamlPath).toList();
    }

    private static List<String> warningPaths(String yaml) {
        return Validator.validate(ConfigLoader.load(yaml, false), ValidationMode.METAL, false).stream()
                .filter(p -> !p.isError()).map(ConfigProblem::yamlPath).toList();
    }
}
