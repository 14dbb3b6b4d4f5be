package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code MetaKey}: one key of the node's META partition (ID: the key as {@code 0x0a}) and its value as
 * text. Published by the node from what META holds; changed only through MetaWrite and MetaDelete.
 */
public record MetaKey(@ProtoField(1) String value) implements Spec {

    public static final String TYPE = "MetaKeys.runtime.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withAliases("meta").withPrintColumn("Value", "{.value}");

    /** The resource ID of a key, as Talos writes it. */
    public static String id(int key) {
        return String.format("0x%02x", key);
    }
}
