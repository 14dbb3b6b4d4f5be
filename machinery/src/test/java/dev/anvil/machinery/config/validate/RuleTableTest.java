package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.Resources;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One edit of the valid control-plane config per rule, and the single problem it must cause: the rest of the
 * rules' coverage, beside the scenario tests in {@link ValidatorTest}.
 */
class RuleTableTest {

    private static final String CP = Resources.config("controlplane.yaml");

    static Stream<Arguments> errors() {
        return Stream.of(
                rule("    certSANs: []", "    certSANs: [bad_name]", "machine.certSANs[0]"),
                rule("              mtu: 1500", "              mtu: 40", "machine.network.interfaces[0].mtu"),
                rule("            - interface: eth0", "            - interface: averyveryverylongname",
                        "machine.network.interfaces[0].interface"),
                rule("            - 8.8.8.8", "            - dns.google", "machine.network.nameservers[1]"),
                rule("            - ip: 10.5.0.10", "            - ip: 10.5.0", "machine.network.extraHostEntries[0].ip"),
                rule("                ip: 10.5.0.10", "                ip: vip", "machine.network.interfaces[0].vip.ip"),
                rule("            port: 7445 # KubePrism port.", "            port: 70000",
                        "machine.features.kubePrism.port"),
                rule("        kubePrism:", "        nodeAddressSortAlgorithm: v3\n        kubePrism:",
                        "machine.features.nodeAddressSortAlgorithm"),
                rule("        mode: nftables", "        mode: userspace", "cluster.proxy.mode"),
                rule("            - 10.5.0.0/24\n    coreDNS", "            - 10.5.0.0\n    coreDNS",
                        "cluster.etcd.advertisedSubnets[0]"),
                rule("        - https://raw.githubusercontent.com/example/manifests/main/app.yaml",
                        "        - raw.githubusercontent.com/app.yaml", "cluster.extraManifests[0]"),
                rule("        dnsDomain: cluster.local", "        dnsDomain: cluster_local", "cluster.network.dnsDomain"),
                rule("    secretboxEncryptionSecret: 1u5Ml0/cCBWa3Y4Z4lIqKNiNhM8dH0DMevMgG8tAXZo=",
                        "    secretboxEncryptionSecret: c2hvcnQ=", "cluster.secretboxEncryptionSecret"),
                rule("        endpoint: https://10.5.0.10:6443",
                        "        endpoint: https://10.5.0.10:6443\n        localAPIServerPort: 0",
                        "cluster.controlPlane.localAPIServerPort"),
                rule("            service: {}", "            service: {endpoint: discovery.example}",
                        "cluster.discovery.registries.service.endpoint"),
                rule("        defaultRuntimeSeccompProfileEnabled: true",
                        "        clusterDNS: [coredns]", "machine.kubelet.clusterDNS[0]"),
                rule("    apiServer:\n", "    apiServer:\n        extraVolumes: [{hostPath: var/log, mountPath: /x}]\n",
                        "cluster.apiServer.extraVolumes[0]"),
                rule("            - name: PodSecurity # Name is the name of the admission controller.",
                        "            - name: ''", "cluster.apiServer.admissionControl[0].name"),
                rule("    env:\n", "    logging:\n        destinations: [{endpoint: 'http://logs:5044', format: json_lines}]\n"
                        + "    env:\n", "machine.logging.destinations[0].endpoint"),
                rule("    env:\n", "    disks: [{device: sdb}]\n    env:\n", "machine.disks[0].device"),
                rule("    install:\n", "    install:\n        diskSelector: {size: '>= lots', type: ssd}\n",
                        "machine.install.diskSelector.size"),
                rule("    install:\n", "    install:\n        diskSelector: {type: floppy}\n",
                        "machine.install.diskSelector.type"),
                rule("                - vlanId: 100", "                - vlanId: 100\n                  mtu: 70000",
                        "machine.network.interfaces[1].vlans[0].mtu"),
                rule("  - address: 1.1.1.1", "  - address: one.one.one.one", "nameservers[0].address"),
                rule("    - example.org", "    - example..org", "searchDomains.domains[0]"),
                rule("  - registry.local", "  - registry_local", "hostnames[0]"),
                rule("kind: HostnameConfig\nauto: stable", "kind: TimeSyncConfig\nbootTimeout: soon", "bootTimeout"),
                rule("kind: HostnameConfig\nauto: stable", "kind: EtcFileConfig\nname: ../passwd\nmode: 0o644",
                        "name"),
                rule("kind: HostnameConfig\nauto: stable", "kind: BlackholeRouteConfig\nname: 10.1.0.0", "name"),
                rule("kind: HostnameConfig\nauto: stable", "kind: Layer2VIPConfig\nname: 10.5.0.99", "link"),
                rule("kind: HostnameConfig\nauto: stable", "kind: BondConfig\nname: bond0\nbondMode: fastest",
                        "bondMode"));
    }

    static Stream<Arguments> bondErrors() {
        return Stream.of(
                bond("mode: balance-rr\n                  xmitHashPolicy: layer2", "xmitHashPolicy"),
                bond("mode: 802.3ad\n                  xmitHashPolicy: layer9", "xmitHashPolicy"),
                bond("mode: active-backup\n                  adSelect: stable", "adSelect"),
                bond("mode: balance-xor\n                  primary: eth5", "primary"),
                bond("mode: 802.3ad\n                  lacpRate: sometimes", "lacpRate"),
                bond("mode: round-robin", "mode"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rule_reportsExactlyOneError(String from, String to, String path) {
        assertThat(errorPaths(edit(from, to))).containsExactly(path);
    }

    @ParameterizedTest
    @MethodSource("bondErrors")
    void bondOption_isCheckedAgainstTheMode(String options, String field) {
        String yaml = edit("              mtu: 1500\n", "              mtu: 1500\n              bond:\n"
                + "                  interfaces: [eth5, eth6]\n                  " + options + "\n");

        assertThat(errorPaths(yaml)).containsExactly("machine.network.interfaces[0].bond." + field);
    }

    @org.junit.jupiter.api.Test
    void bothSchedulingFlags_isAWarning() {
        String yaml = edit("    allowSchedulingOnControlPlanes: false",
                "    allowSchedulingOnControlPlanes: false\n    allowSchedulingOnMasters: true");

        assertThat(Validator.validate(ConfigLoader.load(yaml, false), ValidationMode.METAL, false))
                .filteredOn(p -> p.yamlPath().equals("cluster.allowSchedulingOnMasters"))
                .extracting(ConfigProblem::severity)
                .containsExactlyInAnyOrder(ConfigProblem.Severity.WARNING, ConfigProblem.Severity.WARNING);
    }

    private static Arguments rule(String from, String to, String path) {
        return Arguments.of(from, to, path);
    }

    private static Arguments bond(String options, String field) {
        return Arguments.of(options, field);
    }

    private static String edit(String from, String to) {
        assertThat(CP.split(java.util.regex.Pattern.quote(from), -1)).as("occurrences of " + from).hasSize(2);
        return CP.replace(from, to);
    }

    private static java.util.List<String> errorPaths(String yaml) {
        var loaded = ConfigLoader.load(yaml, false);
        assertThat(loaded.errors()).as("loading").isEmpty();
        return Validator.validate(loaded, ValidationMode.METAL, false).stream().filter(ConfigProblem::isError)
                .map(ConfigProblem::yamlPath).toList();
    }
}
