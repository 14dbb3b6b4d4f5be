package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/** Talos's {@code TimeServerStatus} ({@code network/timeservers}): the NTP servers the time sync uses. */
public record TimeServerStatus(@ProtoField(1) @YamlName("timeServers") List<String> ntpServers,
        @ProtoField(2) @YamlName("useNTS") boolean useNts) implements Spec {

    public static final String TYPE = "TimeServerStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, NetworkResources.NAMESPACE)
            .withAliases("timeserver", "timeservers").withPrintColumn("Timeservers", "{.timeServers}")
            .withPrintColumn("UseNTS", "{.useNTS}");

    public TimeServerStatus {
        ntpServers = List.copyOf(ntpServers);
    }
}
