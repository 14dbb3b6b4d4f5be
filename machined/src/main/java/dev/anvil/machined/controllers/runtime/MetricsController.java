package dev.anvil.machined.controllers.runtime;

import dev.anvil.machined.metrics.MetricsEndpoint;
import dev.anvil.machined.controllers.ConfigEffectController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.MetricsConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Anvil's: keeps the metrics endpoint where the config's MetricsConfig document says ({@code listenAddress}), and
 * off without one. It writes no resource; its one effect is the endpoint. A port already taken is a failed
 * reconcile, retried with the runtime's backoff.
 */
public final class MetricsController extends ConfigEffectController {
    public static final String NAME = "runtime.MetricsController";

    private final MetricsEndpoint endpoint;

    public MetricsController(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void apply(Optional<ConfigBundle> config) throws IOException {
        endpoint.listen(config.flatMap(MetricsController::address));
    }

    /** Where the config asks for metrics: {@code IP:port}, {@code [IPv6]:port} or {@code :port} (all addresses). */
    static Optional<InetSocketAddress> address(ConfigBundle config) {
        return config.all(MetricsConfig.class).stream().findFirst().map(MetricsConfig::listenAddress)
                .map(MetricsController::parse);
    }

    static InetSocketAddress parse(String listenAddress) {
        int colon = listenAddress.lastIndexOf(':');
        String host = listenAddress.substring(0, colon).replaceAll("^\\[|]$", "");
        int port = Integer.parseInt(listenAddress.substring(colon + 1));
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.ofLiteral(host), port);
    }
}
