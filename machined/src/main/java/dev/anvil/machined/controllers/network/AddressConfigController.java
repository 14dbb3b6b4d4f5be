package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.network.AddressSpec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code cmdline} layer of addresses (see {@link CmdlineNetworking}) and the {@code configuration} layer (see
 * {@link LinkConfigs}). Talos adds 127.0.0.1/8 on loopback as a
 * default except in container mode, and Anvil runs in container mode only so far, so there is no default layer.
 */
public final class AddressConfigController extends ConfigSpecController<AddressSpec> {
    private final CmdlineNetworking cmdline;

    public AddressConfigController() {
        this(CmdlineNetworking.NONE);
    }

    public AddressConfigController(CmdlineNetworking cmdline) {
        super("network.AddressConfigController", AddressSpec.CONFIG_KIND);
        this.cmdline = cmdline;
    }

    @Override
    protected List<Keyed<AddressSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return Stream.concat(cmdline.addresses().stream(),
                        config.map(LinkConfigs::of).map(LinkConfigs::addresses).orElse(List.of()).stream())
                .map(a -> new Keyed<>(a.layer().layeredId(a.id()), a)).toList();
    }
}
