package dev.anvil.machined.resources;

import dev.anvil.cosi.resource.meta.NamespaceSpec;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.registry.MetaRegistry;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.TalosNamespaces;

import java.util.Map;
import java.util.Set;

/**
 * Publishes, once at start-up, what the node's state holds: the meta namespace and definitions, Talos's namespaces,
 * and a ResourceDefinition for every registered type that declares one. The API serves only what is published here.
 */
public final class Definitions {
    /** Published by {@link MetaRegistry#registerDefaults} already. */
    private static final Set<String> META_TYPES = Set.of(ResourceDefinitionSpec.TYPE, NamespaceSpec.TYPE);

    private Definitions() {
    }

    public static void publish(State state, ResourceTypes types) {
        MetaRegistry.registerDefaults(state);
        for (Map.Entry<String, String> namespace : TalosNamespaces.all().entrySet()) {
            MetaRegistry.registerNamespace(state, namespace.getKey(), namespace.getValue());
        }
        for (ResourceDefinition definition : types.definitions()) {
            if (!META_TYPES.contains(definition.type())) {
                MetaRegistry.registerType(state, definition);
            }
        }
    }
}
