package dev.anvil.machined.controllers.network;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** resolv.conf and hosts as Talos lays them out. */
class EtcFilesTest {
    @Test
    void resolvConf_hasAtMostThreeServers_thenTheSearchDomains() {
        assertThat(EtcFiles.resolvConf(List.of(NetIp.parse("10.0.0.1"), NetIp.parse("10.0.0.2"),
                NetIp.parse("10.0.0.3"), NetIp.parse("10.0.0.4")), List.of("a.example", "b.example")))
                .isEqualTo("nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n\n"
                        + "search a.example b.example\n");
        assertThat(EtcFiles.resolvConf(List.of(NetIp.parse("1.1.1.1")), List.of())).isEqualTo("nameserver 1.1.1.1\n");
    }

    @Test
    void hosts_alignTheFirstColumn_andSortTheExtraEntries() {
        assertThat(EtcFiles.hosts(Optional.of(new HostnameStatus("node", "example.org")), Optional.of("10.5.0.2"),
                Map.of("10.5.0.100", List.of("b"), "10.5.0.10", List.of("a", "alias")))).isEqualTo("""
                127.0.0.1  localhost
                10.5.0.2   node.example.org node
                ::1        localhost ip6-localhost ip6-loopback
                ff02::1    ip6-allnodes
                ff02::2    ip6-allrouters
                10.5.0.10  a alias
                10.5.0.100 b
                """);
        assertThat(EtcFiles.hosts(Optional.of(new HostnameStatus("web", "")), Optional.empty(), Map.of()))
                .as("no address yet: no line of its own").doesNotContain("web");
    }

    @Test
    void extraHosts_comeFromV1alpha1AndStaticHostConfig() {
        var config = ConfigLoader.load("""
                version: v1alpha1
                machine:
                  network:
                    extraHostEntries:
                      - ip: 10.5.0.9
                        aliases: [one]
                ---
                apiVersion: v1alpha1
                kind: StaticHostConfig
                name: 10.5.0.9
                hostnames: [two]
                """, false).config();
        assertThat(EtcFiles.extraHosts(config)).isEqualTo(Map.of("10.5.0.9", List.of("one", "two")));
    }
}
