package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.network.RouteSpec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code cmdline} layer of routes (see {@link CmdlineNetworking}) and the {@code configuration} layer (see
 * {@link LinkConfigs}); blackhole route documents are not read yet.
 */
public final class RouteConfigController extends ConfigSpecController<RouteSpec> {
    private final CmdlineNetworking cmdline;

    public RouteConfigController() {
        this(CmdlineNetworking.NONE);
    }

    public RouteConfigController(CmdlineNetworking cmdline) {
        super("network.RouteConfigController", RouteSpec.CONFIG_KIND);
        this.cmdline = cmdline;
    }

    @Override
    protected List<Keyed<RouteSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return Stream.concat(cmdline.routes().stream(),
                        config.map(LinkConfigs::of).map(LinkConfigs::routes).orElse(List.of()).stream())
                .map(r -> new Keyed<>(r.layer().layeredId(r.id()), r)).toList();
    }
}
