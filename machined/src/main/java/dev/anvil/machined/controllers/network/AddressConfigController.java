package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.network.AddressSpec;

import java.util.List;
import java.util.Optional;

/**
 * The {@code configuration} layer of addresses (see {@link LinkConfigs}). Talos adds 127.0.0.1/8 on loopback as a
 * default except in container mode, and Anvil runs in container mode only so far, so there is no default layer.
 */
public final class AddressConfigController extends ConfigSpecController<AddressSpec> {
    public AddressConfigController() {
        super("network.AddressConfigController", AddressSpec.CONFIG_KIND);
    }

    @Override
    protected List<Keyed<AddressSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return config.map(LinkConfigs::of).map(LinkConfigs::addresses).orElse(List.of()).stream()
                .map(a -> new Keyed<>(a.layer().layeredId(a.id()), a)).toList();
    }
}
