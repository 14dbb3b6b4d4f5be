package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.ResolverSpec.NameServer;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Resolvers and time servers: Talos's defaults, the config's layer, and the merges. */
class ResolverTimeServerTest {
    private final RuntimeHarness node = new RuntimeHarness(new ResolverConfigController(), Merges.resolver(),
            new TimeServerConfigController(), Merges.timeServer());

    @AfterEach
    void close() {
        node.close();
    }

    private static List<NameServer> servers(String... addresses) {
        return Arrays.stream(addresses).map(a -> NameServer.plain(NetIp.parse(a))).toList();
    }

    @Test
    void defaults_withoutConfig() {
        node.awaitSpec(ResolverSpec.KIND.pointer("resolvers"),
                ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"), ConfigLayer.DEFAULT, List.of(), false));
        node.awaitSpec(TimeServerSpec.KIND.pointer("timeservers"),
                new TimeServerSpec(List.of("time.cloudflare.com"), true, ConfigLayer.DEFAULT));
    }

    @Test
    void configuredServers_replaceTheDefaults_andGoAwayWithTheConfig() {
        node.config("version: v1alpha1\nmachine:\n  network:\n    nameservers: [10.0.0.53, fd00::53]\n"
                + "    searchDomains: [corp.example]\n  time:\n    servers: [ntp.example]\n");
        node.awaitSpec(ResolverSpec.KIND.pointer("resolvers"), ResolverSpec.of(servers("10.0.0.53", "fd00::53"),
                ConfigLayer.CONFIGURATION, List.of("corp.example"), false));
        node.awaitSpec(TimeServerSpec.KIND.pointer("timeservers"),
                new TimeServerSpec(List.of("ntp.example"), false, ConfigLayer.CONFIGURATION));

        node.config("version: v1alpha1\nmachine: {}\n---\napiVersion: v1alpha1\nkind: TimeSyncConfig\n"
                + "ntp:\n  servers: [nts.example]\n  useNTS: true\n");
        node.awaitSpec(TimeServerSpec.KIND.pointer("timeservers"),
                new TimeServerSpec(List.of("nts.example"), true, ConfigLayer.CONFIGURATION));
        node.awaitSpec(ResolverSpec.KIND.pointer("resolvers"),
                ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"), ConfigLayer.DEFAULT, List.of(), false));
        node.awaitAll(ResolverSpec.CONFIG_KIND, ResolverSpec.class, Map.of("default/resolvers",
                ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"), ConfigLayer.DEFAULT, List.of(), false)));
    }

    @Test
    void theNodesDomain_isSearchedByDefault() {
        node.config("version: v1alpha1\nmachine: {}\n");
        node.state.create(Resource.of(HostnameStatus.KIND.pointer("hostname"),
                new HostnameStatus("web-1", "example.org")), "network.HostnameSpecController");
        node.awaitSpec(ResolverSpec.KIND.pointer("resolvers"), ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"),
                ConfigLayer.DEFAULT, List.of("example.org"), false));
        node.state.modify(Resource.of(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("web-1", "")),
                r -> r.withSpec(new HostnameStatus("web-1", "")), UpdateOptions.owner("network.HostnameSpecController"));
        node.awaitSpec(ResolverSpec.KIND.pointer("resolvers"),
                ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"), ConfigLayer.DEFAULT, List.of(), false));
    }

    @Test
    void resolverMerge_asTalos() {
        ResolverSpec defaults = ResolverSpec.of(servers("1.1.1.1", "8.8.8.8"), ConfigLayer.DEFAULT,
                List.of("a.example"), false);
        // a platform layer with IPv6 servers only keeps the IPv4 servers below it
        ResolverSpec platform = ResolverSpec.of(servers("fd00::1"), ConfigLayer.PLATFORM, List.of("b.example"),
                false);
        assertThat(Merges.resolvers(List.of(platform, defaults)).get("resolvers")).isEqualTo(ResolverSpec.of(
                servers("fd00::1", "1.1.1.1", "8.8.8.8"), ConfigLayer.PLATFORM, List.of("b.example", "a.example"),
                false));
        // the configuration's explicit (here empty) search domains replace those below; no servers keep them
        ResolverSpec config = ResolverSpec.of(List.of(), ConfigLayer.CONFIGURATION, List.of(), true);
        assertThat(Merges.resolvers(List.of(defaults, config)).get("resolvers")).isEqualTo(ResolverSpec.of(
                servers("1.1.1.1", "8.8.8.8"), ConfigLayer.CONFIGURATION, List.of(), false));
        assertThat(Merges.resolvers(List.of())).isEmpty();
    }

    @Test
    void timeServerMerge_sameLayerAddsUp() {
        assertThat(Merges.timeServers(List.of(
                new TimeServerSpec(List.of("a"), true, ConfigLayer.PLATFORM),
                new TimeServerSpec(List.of("b"), false, ConfigLayer.PLATFORM),
                new TimeServerSpec(List.of("c"), true, ConfigLayer.DEFAULT))).get("timeservers"))
                .isEqualTo(new TimeServerSpec(List.of("a", "b"), false, ConfigLayer.PLATFORM));
    }
}
