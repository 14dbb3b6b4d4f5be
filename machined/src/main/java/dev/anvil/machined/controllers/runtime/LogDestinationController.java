package dev.anvil.machined.controllers.runtime;

import dev.anvil.machined.log.LogShipping;
import dev.anvil.machined.controllers.ConfigEffectController;
import dev.anvil.machinery.config.ConfigBundle;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Keeps machined's log shipping on the config's {@code machine.logging.destinations} (Talos ships from its logging
 * manager, whose senders the config sets). It writes no resource; what it ships and drops is in the metrics and in
 * machined's log.
 */
public final class LogDestinationController extends ConfigEffectController {
    public static final String NAME = "runtime.LogDestinationController";

    private final LogShipping shipping;

    public LogDestinationController(LogShipping shipping) {
        this.shipping = shipping;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void apply(Optional<ConfigBundle> config) {
        shipping.configure(config.map(LogDestinationController::destinations).orElse(List.of()));
    }

    /** The config's destinations; the validator has made sure each is json_lines to tcp:// or udp://host:port. */
    static List<LogShipping.Destination> destinations(ConfigBundle config) {
        return config.v1alpha1().map(v -> v.machine()).map(m -> m.logging()).map(l -> l.destinations())
                .orElse(List.of()).stream()
                .map(d -> new LogShipping.Destination(URI.create(d.endpoint()), d.extraTags())).toList();
    }
}
