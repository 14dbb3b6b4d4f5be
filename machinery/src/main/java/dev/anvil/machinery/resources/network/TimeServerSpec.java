package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/** Talos's {@code TimeServerSpec} ({@code timeservers}): the NTP servers wanted, per layer and merged. */
public record TimeServerSpec(
        @ProtoField(1) @YamlName("timeServers") List<String> ntpServers,
        @ProtoField(3) @YamlName("useNTS") boolean useNts,
        @ProtoField(2) @YamlName("layer") ConfigLayer layer) implements Spec {

    public static final String TYPE = "TimeServerSpecs.net.talos.dev";
    public static final String ID = "timeservers";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    public TimeServerSpec {
        ntpServers = List.copyOf(ntpServers);
    }
}
