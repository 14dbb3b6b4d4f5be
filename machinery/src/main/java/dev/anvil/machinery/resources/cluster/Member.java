package dev.anvil.machinery.resources.cluster;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.network.NetIp;

import java.util.List;

/**
 * Talos's {@code Member} (ID the hostname): a node of the cluster, as {@code get members} lists them. Made from the
 * affiliates; a node that stops refreshing its affiliate is no member any more once that expires.
 */
public record Member(
        @ProtoField(1) @YamlName("nodeId") String nodeId,
        @ProtoField(2) List<NetIp> addresses,
        @ProtoField(3) String hostname,
        @ProtoField(4) @YamlName("machineType") MachineType machineType,
        @ProtoField(5) @YamlName("operatingSystem") String operatingSystem,
        @ProtoField(6) @YamlName("controlPlane") ControlPlane controlPlane) implements Spec {

    public static final String TYPE = "Members.cluster.talos.dev";
    public static final Kind KIND = new Kind(ClusterResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, ClusterResources.NAMESPACE)
            .withPrintColumn("Hostname", "{.hostname}").withPrintColumn("Machine Type", "{.machineType}")
            .withPrintColumn("OS", "{.operatingSystem}").withPrintColumn("Addresses", "{.addresses}");

    public Member {
        addresses = List.copyOf(addresses);
    }
}
