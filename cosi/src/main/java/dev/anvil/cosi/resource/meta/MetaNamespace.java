package dev.anvil.cosi.resource.meta;

/** The namespace that describes a state: its Namespace and ResourceDefinition resources, owned by {@code meta}. */
public final class MetaNamespace {
    public static final String NAME = "meta";
    public static final String OWNER = "meta";

    private MetaNamespace() {
    }
}
