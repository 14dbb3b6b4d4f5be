package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.LinkSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The link layers: {@code default} brings up loopback, as Talos always does; {@code cmdline} the links of the kernel
 * command line's {@code ip=} (see {@link CmdlineNetworking}); {@code configuration} comes from the config's
 * interfaces and link documents (see {@link LinkConfigs}). Talos's default layer also brings up
 * every physical link the config does not mention; that needs link statuses, which Anvil does not publish yet.
 */
public final class LinkConfigController extends ConfigSpecController<LinkSpec> {
    private final CmdlineNetworking cmdline;

    public LinkConfigController() {
        this(CmdlineNetworking.NONE);
    }

    public LinkConfigController(CmdlineNetworking cmdline) {
        super("network.LinkConfigController", LinkSpec.CONFIG_KIND);
        this.cmdline = cmdline;
    }

    @Override
    protected List<Keyed<LinkSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        List<LinkSpec> links = new ArrayList<>(List.of(LinkSpec.of("lo", true, ConfigLayer.DEFAULT)));
        links.addAll(cmdline.links());
        config.map(LinkConfigs::of).ifPresent(c -> links.addAll(c.links()));
        return links.stream().map(link -> new Keyed<>(link.layer().layeredId(link.name()), link)).toList();
    }
}
