package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code RouteStatus} (ID as {@link RouteSpec#id()}): a route as the kernel reports it. Flags are the RTM_F_
 * bits as a number; multipath next hops (field 14) are not reported.
 */
public record RouteStatus(
        @ProtoField(1) Family family,
        @ProtoField(2) @YamlName("dst") NetIpPrefix destination,
        @ProtoField(3) @YamlName("src") NetIp source,
        @ProtoField(4) NetIp gateway,
        @ProtoField(5) @YamlName("outLinkIndex") int outLinkIndex,
        @ProtoField(6) @YamlName("outLinkName") String outLinkName,
        @ProtoField(7) RouteSpec.Table table,
        @ProtoField(8) int priority,
        @ProtoField(9) Scope scope,
        @ProtoField(10) RouteSpec.Type type,
        @ProtoField(11) int flags,
        @ProtoField(12) RouteSpec.Protocol protocol,
        @ProtoField(13) int mtu) implements Spec {

    public static final String TYPE = "RouteStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);

    public String id() {
        return RouteSpec.id(table, family, destination, gateway, priority, outLinkName);
    }
}
