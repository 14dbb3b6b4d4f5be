package dev.anvil.cosi.resource.meta;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;

import java.util.Objects;

/** The spec of a {@code Namespace} resource (namespace {@code meta}, ID = the namespace's name): what it holds. */
public record NamespaceSpec(@ProtoField(1) String description) implements Spec {
    public static final String TYPE = "Namespaces.meta.cosi.dev";
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, MetaNamespace.NAME)
            .withAliases("ns");

    public NamespaceSpec {
        Objects.requireNonNull(description, "description");
    }

    public static Pointer pointer(String namespace) {
        return new Pointer(MetaNamespace.NAME, TYPE, namespace);
    }
}
