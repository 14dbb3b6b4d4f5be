package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code KernelParamStatus} (ID as its spec's): the value set and the value the kernel had before.
 * {@code unsupported}: the kernel has no such parameter. {@code skipped} (Anvil's, field 100 to stay clear of
 * Talos's numbers) says why a parameter was left alone, e.g. a global one in container mode; empty when applied.
 */
public record KernelParamStatus(@ProtoField(1) String current, @ProtoField(2) @YamlName("default") String defaultValue,
        @ProtoField(3) boolean unsupported, @ProtoField(100) String skipped) implements Spec {

    public static final String TYPE = "KernelParamStatuses.runtime.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
}
