package dev.anvil.machined.controllers.runtime;

import dev.anvil.machined.log.LogShipping;
import dev.anvil.machinery.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the metrics and log shipping controllers read from a config. */
class ObservabilityConfigTest {

    @Test
    void metricsAddress_fromTheDocument_orNone() {
        assertThat(MetricsController.address(ConfigLoader.load("apiVersion: anvil.dev/v1alpha1\nkind: MetricsConfig\n"
                + "listenAddress: \":9101\"\n", false).config())).contains(new InetSocketAddress(9101));
        assertThat(MetricsController.parse("10.213.33.2:9101"))
                .isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("10.213.33.2"), 9101));
        assertThat(MetricsController.parse("[::1]:9101")).isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("::1"),
                9101));
        assertThat(MetricsController.address(ConfigLoader.load("apiVersion: anvil.dev/v1alpha1\n"
                + "kind: MachinedLogConfig\nformat: json\n", false).config())).isEmpty();
    }

    @Test
    void logDestinations_fromMachineLogging() {
        String config = """
                version: v1alpha1
                machine:
                  logging:
                    destinations:
                      - endpoint: tcp://10.213.33.1:5044
                        format: json_lines
                        extraTags: {node: one}
                      - endpoint: udp://10.213.33.1:5045
                        format: json_lines
                """;
        assertThat(LogDestinationController.destinations(ConfigLoader.load(config, false).config())).containsExactly(
                new LogShipping.Destination(URI.create("tcp://10.213.33.1:5044"), Map.of("node", "one")),
                new LogShipping.Destination(URI.create("udp://10.213.33.1:5045"), Map.of()));
    }
}
