package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/** Talos's {@code MachineStatus} resource (ID {@code machine}): the node's stage and whether it is ready. */
public record MachineStatus(@ProtoField(1) Stage stage, @ProtoField(2) Status status) implements Spec {

    public static final String TYPE = "MachineStatuses.runtime.talos.dev";
    public static final Pointer POINTER = new Kind(RuntimeResources.NAMESPACE, TYPE).pointer("machine");
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withPrintColumn("Stage", "{.stage}").withPrintColumn("Ready", "{.status.ready}");

    /** Talos's stages, with their wire numbers. */
    public enum Stage {
        @ProtoField(0) UNKNOWN,
        @ProtoField(1) BOOTING,
        @ProtoField(2) INSTALLING,
        @ProtoField(3) MAINTENANCE,
        @ProtoField(4) RUNNING,
        @ProtoField(5) REBOOTING,
        @ProtoField(6) @YamlName("shutting down") SHUTTING_DOWN,
        @ProtoField(7) RESETTING,
        @ProtoField(8) UPGRADING
    }

    /** Ready when nothing is unmet; each unmet condition names what and why. */
    public record Status(@ProtoField(1) boolean ready,
            @ProtoField(2) @YamlName("unmetConditions") List<UnmetCondition> unmetConditions) {
        public Status {
            unmetConditions = List.copyOf(unmetConditions);
        }
    }

    public record UnmetCondition(@ProtoField(1) String name, @ProtoField(2) String reason) {
    }
}
