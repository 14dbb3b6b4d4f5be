package dev.anvil.cosi.state.registry;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.MetaNamespace;
import dev.anvil.cosi.resource.meta.NamespaceSpec;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.State;

/**
 * Publishes what a state holds, as the COSI runtime's registries do: a {@code Namespace} resource per namespace
 * and a {@code ResourceDefinition} per type, all in namespace {@code meta} and owned by {@code meta}. Clients list
 * them to learn the types (talosctl resolves {@code get svc} through them), and an API may refuse types and
 * namespaces that have none.
 */
public final class MetaRegistry {
    private MetaRegistry() {
    }

    /** The meta namespace itself and the definitions of the two meta types. */
    public static void registerDefaults(State state) {
        registerNamespace(state, MetaNamespace.NAME,
                "Metadata namespace which contains resource and namespace definitions.");
        registerType(state, ResourceDefinitionSpec.DEFINITION);
        registerType(state, NamespaceSpec.DEFINITION);
    }

    /** @throws dev.anvil.cosi.state.ConflictException if the namespace is registered already */
    public static Resource<?> registerNamespace(State state, String namespace, String description) {
        return state.create(Resource.of(NamespaceSpec.pointer(namespace), new NamespaceSpec(description)),
                MetaNamespace.OWNER);
    }

    /**
     * @throws IllegalArgumentException if the definition is invalid (see {@link ResourceDefinition#spec()})
     * @throws dev.anvil.cosi.state.ConflictException if the type is registered already
     */
    public static Resource<?> registerType(State state, ResourceDefinition definition) {
        ResourceDefinitionSpec spec = definition.spec();
        return state.create(Resource.of(ResourceDefinitionSpec.pointer(spec.type()), spec), MetaNamespace.OWNER);
    }
}
