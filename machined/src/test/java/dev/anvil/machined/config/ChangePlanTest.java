package dev.anvil.machined.config;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.diff.ConfigChanges;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePlanTest {
    private static final ConfigBundle WORKER = load(ModeApplierTest.WORKER);

    private static ConfigBundle load(String text) {
        return ConfigLoader.load(text, false).config();
    }

    private static ChangePlan plan(String patch) {
        return ChangePlan.between(WORKER, load(ModeApplierTest.patch(patch)));
    }

    private static List<String> lines(ChangePlan plan) {
        return plan.fields().stream().map(Object::toString).toList();
    }

    @Test
    void fieldsTheNodeFollows_areLive_eachNamingWhoAppliesIt() {
        ChangePlan plan = plan("""
                machine:
                  network:
                    hostname: two
                    nameservers: [10.0.0.53]
                  sysctls:
                    net.ipv4.ip_forward: "1"
                  time:
                    servers: [time.example.com]
                """);
        assertThat(lines(plan)).containsExactlyInAnyOrder(
                "v1alpha1: machine.network.hostname: live (network.HostnameConfigController)",
                "v1alpha1: machine.network.nameservers: live (network.ResolverConfigController)",
                "v1alpha1: machine.sysctls.net.ipv4.ip_forward: live (runtime.KernelParamConfigController)",
                "v1alpha1: machine.time.servers: live (network.TimeServerConfigController)");
        assertThat(plan.needingReboot()).isEmpty();
        assertThat(plan.touchesNetwork()).as("a hostname or resolver cannot cut the node off").isFalse();
    }

    @Test
    void linksAddressesAndRoutes_areLiveButTouchTheNetwork() {
        ChangePlan plan = plan("""
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        addresses: [10.9.0.2/24]
                """);
        assertThat(plan.touchesNetwork()).isTrue();
        assertThat(plan.needingReboot()).isEmpty();
        assertThat(lines(plan)).singleElement().asString().startsWith("v1alpha1: machine.network.interfaces: live,"
                + " network (");
        assertThat(plan("""
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                addresses:
                  - address: 10.9.0.2/24
                """).touchesNetwork()).isTrue();
    }

    @Test
    void theLongestRuleWins_andWhatNoRuleNames_needsAReboot() {
        ChangePlan plan = plan("""
                machine:
                  network:
                    hostname: two
                  install:
                    disk: /dev/vdb
                  env:
                    http_proxy: http://proxy:3128
                cluster:
                  clusterName: other
                """);
        assertThat(plan.needingReboot()).extracting(f -> f.change().toString()).containsExactly(
                "v1alpha1: machine.install.disk", "v1alpha1: machine.env.http_proxy", "v1alpha1: cluster.clusterName");
        assertThat(lines(plan)).contains("v1alpha1: machine.install.disk: needs a reboot (the installer reads it)",
                "v1alpha1: machine.env.http_proxy: needs a reboot (read at boot only)");
        assertThat(plan.summary()).startsWith("4 field(s): v1alpha1: machine.network.hostname (live), ");
    }

    @Test
    void wholeDocuments_areDecidedByTheirKind() {
        assertThat(lines(plan("""
                apiVersion: v1alpha1
                kind: HostnameConfig
                hostname: three
                """))).containsExactly("HostnameConfig (whole document): live (network.HostnameConfigController)");
        assertThat(lines(plan("""
                apiVersion: anvil.dev/v1alpha1
                kind: ContainerServiceConfig
                name: hello
                image: anvil.test/hello:1
                """))).containsExactly("ContainerServiceConfig \"hello\" (whole document): live"
                + " (containerd.ContainerServiceController)");
        assertThat(plan("""
                apiVersion: v1alpha1
                kind: EnvironmentConfig
                variables:
                  http_proxy: http://proxy:3128
                """).needingReboot()).extracting(f -> f.change().document()).containsExactly("EnvironmentConfig");
    }

    @Test
    void everyRule_isReachable_noTwoRulesClaimTheSamePlace() {
        for (ChangePlan.Rule rule : ChangePlan.RULES) {
            var decided = ChangePlan.decide(new ConfigChanges.Change(rule.kind(), rule.kind(), rule.path()));
            assertThat(decided.effect()).as("%s", rule).isEqualTo(rule.effect());
            assertThat(decided.by()).as("%s", rule).isEqualTo(rule.by());
        }
        assertThat(ChangePlan.RULES.stream().map(r -> r.kind() + ":" + r.path()).distinct())
                .hasSameSizeAs(ChangePlan.RULES);
    }
}
