package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.TimeSyncConfig;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.TimeServerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time server layers: {@code default} (Talos's time.cloudflare.com over NTS) and {@code configuration} (a
 * TimeSyncConfig document's NTP servers, else {@code machine.time.servers}, which has no NTS).
 */
public final class TimeServerConfigController extends ConfigSpecController<TimeServerSpec> {
    public static final TimeServerSpec DEFAULT = new TimeServerSpec(List.of("time.cloudflare.com"), true,
            ConfigLayer.DEFAULT);

    public TimeServerConfigController() {
        super("network.TimeServerConfigController", TimeServerSpec.CONFIG_KIND);
    }

    @Override
    protected List<Keyed<TimeServerSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return specs(config).stream()
                .map(spec -> new Keyed<>(spec.layer().layeredId(TimeServerSpec.ID), spec)).toList();
    }

    static List<TimeServerSpec> specs(Optional<ConfigBundle> config) {
        List<TimeServerSpec> specs = new ArrayList<>(List.of(DEFAULT));
        config.flatMap(TimeServerConfigController::configured).ifPresent(specs::add);
        return specs;
    }

    /** A config that names no servers adds no layer. */
    static Optional<TimeServerSpec> configured(ConfigBundle config) {
        List<TimeSyncConfig> documents = config.all(TimeSyncConfig.class);
        List<String> servers;
        boolean nts;
        if (!documents.isEmpty()) {
            TimeSyncConfig.Ntp ntp = documents.getFirst().ntp();
            servers = ntp == null ? null : ntp.servers();
            nts = ntp != null && Boolean.TRUE.equals(ntp.useNTS());
        } else {
            servers = config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().time())
                    .map(time -> time.servers()).orElse(null);
            nts = false;
        }
        return servers == null || servers.isEmpty() ? Optional.empty()
                : Optional.of(new TimeServerSpec(servers, nts, ConfigLayer.CONFIGURATION));
    }
}
