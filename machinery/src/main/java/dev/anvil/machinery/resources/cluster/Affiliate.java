package dev.anvil.machinery.resources.cluster;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.network.NetIp;

import java.util.List;

/**
 * Talos's {@code Affiliate} (ID the node ID): a node of the cluster as discovery knows it, this one included.
 * Talos's KubeSpan part (field 7) is not kept: Anvil has no KubeSpan. {@code controlPlane} is null on workers.
 */
public record Affiliate(
        @ProtoField(1) @YamlName("nodeId") String nodeId,
        @ProtoField(2) List<NetIp> addresses,
        @ProtoField(3) String hostname,
        @ProtoField(4) String nodename,
        @ProtoField(5) @YamlName("operatingSystem") String operatingSystem,
        @ProtoField(6) @YamlName("machineType") MachineType machineType,
        @ProtoField(8) @YamlName("controlPlane") ControlPlane controlPlane) implements Spec {

    public static final String TYPE = "Affiliates.cluster.talos.dev";
    public static final Kind KIND = new Kind(ClusterResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, ClusterResources.NAMESPACE)
            .withPrintColumn("Hostname", "{.hostname}").withPrintColumn("Machine Type", "{.machineType}")
            .withPrintColumn("Addresses", "{.addresses}");

    public Affiliate {
        addresses = List.copyOf(addresses);
    }

    /** The member this affiliate makes (Talos's MemberController: the same facts, ID the hostname). */
    public Member member() {
        return new Member(nodeId, addresses, hostname, machineType, operatingSystem, controlPlane);
    }
}
