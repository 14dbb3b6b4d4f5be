package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code KernelModuleSpec} (ID: the module's name): a module to load, with its parameters. Talos's YAML
 * calls the name {@code string}, and so does this.
 */
public record KernelModuleSpec(@ProtoField(1) @YamlName("string") String name,
        @ProtoField(2) List<String> parameters) implements Spec {

    public static final String TYPE = "KernelModuleSpecs.runtime.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);

    public KernelModuleSpec {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
