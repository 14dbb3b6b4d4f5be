package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.HostnameConfig;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hostname layers: {@code platform} from the name the launcher gave the node (as Talos's container platform
 * reports the container's hostname) and {@code configuration} from the config (a HostnameConfig document, else
 * {@code machine.network.hostname}). A name the kernel or DNS would refuse is logged and left out, as in Talos.
 */
public final class HostnameConfigController extends ConfigSpecController<HostnameSpec> {
    private final String platformHostname;

    /** @param platformHostname the launcher's name for the node, or null or empty for none */
    public HostnameConfigController(String platformHostname) {
        super("network.HostnameConfigController", HostnameSpec.CONFIG_KIND);
        this.platformHostname = platformHostname;
    }

    @Override
    protected List<Keyed<HostnameSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return specs(platformHostname, config).stream()
                .map(spec -> new Keyed<>(spec.layer().layeredId(HostnameSpec.ID), spec)).toList();
    }

    static List<HostnameSpec> specs(String platformHostname, Optional<ConfigBundle> config) {
        List<HostnameSpec> specs = new ArrayList<>();
        parse(platformHostname, ConfigLayer.PLATFORM).ifPresent(specs::add);
        config.flatMap(HostnameConfigController::configured)
                .flatMap(name -> parse(name, ConfigLayer.CONFIGURATION)).ifPresent(specs::add);
        return specs;
    }

    /** A HostnameConfig document's name wins over the v1alpha1 field, as Talos picks the dedicated document. */
    static Optional<String> configured(ConfigBundle config) {
        List<HostnameConfig> documents = config.all(HostnameConfig.class);
        if (!documents.isEmpty()) {
            return Optional.ofNullable(documents.getFirst().hostname());
        }
        return config.v1alpha1().map(V1Alpha1::machine).map(m -> m.network())
                .map(n -> n.hostname()).filter(Objects::nonNull);
    }

    private static Optional<HostnameSpec> parse(String name, ConfigLayer layer) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostnameSpec.fromFqdn(name, layer));
        } catch (IllegalArgumentException e) {
            Log.warn("ignoring hostname", "layer", layer.name().toLowerCase(), "hostname", name, "error",
                    e.getMessage());
            return Optional.empty();
        }
    }
}
