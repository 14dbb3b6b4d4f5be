package dev.anvil.machinery.resources.cluster;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code Identity} ({@code cluster/local}): the node's ID, random, made once and kept in the node's state
 * (it survives reboots, not a wipe), which names the node among the cluster's affiliates.
 */
public record Identity(@ProtoField(1) @YamlName("nodeId") String nodeId) implements Spec {
    public static final String TYPE = "Identities.cluster.talos.dev";
    public static final Kind KIND = new Kind(ClusterResources.NAMESPACE, TYPE);
    public static final Pointer LOCAL = KIND.pointer("local");
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, ClusterResources.NAMESPACE)
            .withPrintColumn("ID", "{.nodeId}");
}
