package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Anvil's answer to one {@code KernelModuleSpec} (same ID): whether the module is loaded (by the node or before it),
 * the file it came from, why it was left alone (a container-mode node shares the host's kernel) and the error of
 * the last attempt. Talos only logs these; here they are visible.
 */
public record KernelModuleLoadStatus(@ProtoField(1) boolean loaded, @ProtoField(2) String path,
        @ProtoField(3) String skipped, @ProtoField(4) String error) implements Spec {

    public static final String TYPE = "KernelModuleLoadStatuses.runtime.anvil.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withPrintColumn("Loaded", "{.loaded}").withPrintColumn("Skipped", "{.skipped}")
            .withPrintColumn("Error", "{.error}");
}
