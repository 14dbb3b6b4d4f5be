package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.network.RouteSpec;

import java.util.List;
import java.util.Optional;

/** The {@code configuration} layer of routes (see {@link LinkConfigs}); blackhole route documents are not read yet. */
public final class RouteConfigController extends ConfigSpecController<RouteSpec> {
    public RouteConfigController() {
        super("network.RouteConfigController", RouteSpec.CONFIG_KIND);
    }

    @Override
    protected List<Keyed<RouteSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return config.map(LinkConfigs::of).map(LinkConfigs::routes).orElse(List.of()).stream()
                .map(r -> new Keyed<>(r.layer().layeredId(r.id()), r)).toList();
    }
}
