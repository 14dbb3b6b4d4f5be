package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code MachineConfig} resource: the config the node runs with (ID {@code v1alpha1}), as its YAML document
 * set. Sensitive: it holds the node's secrets, so only os:admin may read it.
 */
public record MachineConfig(@ProtoField(1) String yaml) implements Spec {
    public static final String TYPE = "MachineConfigs.config.talos.dev";
    public static final String NAMESPACE = "config";
    public static final Pointer ACTIVE = new Kind(NAMESPACE, TYPE).pointer("v1alpha1");
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, NAMESPACE).asSensitive();
}
