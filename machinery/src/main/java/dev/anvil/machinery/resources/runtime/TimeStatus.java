package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.time.Duration;

/**
 * Talos's {@code TimeStatus} ({@code runtime/node}): whether the clock is in sync, how many times it jumped (by more
 * than 15 minutes), and whether sync is off. Anvil adds, from field 100 on, what the last exchange measured: the
 * server that answered, the clock's offset from it (positive: the node is behind), the round trip, and whether
 * the node may set its clock at all (a container-mode node shares the host's clock and only observes).
 */
public record TimeStatus(@ProtoField(1) boolean synced, @ProtoField(2) int epoch,
        @ProtoField(3) @YamlName("syncDisabled") boolean syncDisabled,
        @ProtoField(100) String server,
        @ProtoField(101) Duration offset,
        @ProtoField(102) Duration delay,
        @ProtoField(103) @YamlName("observeOnly") boolean observeOnly) implements Spec {

    public static final String TYPE = "TimeStatuses.v1alpha1.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("node");
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withPrintColumn("Synced", "{.synced}");

    public TimeStatus {
        server = server == null ? "" : server;
        offset = offset == null ? Duration.ZERO : offset;
        delay = delay == null ? Duration.ZERO : delay;
    }
}
