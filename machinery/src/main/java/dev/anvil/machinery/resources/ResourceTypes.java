package dev.anvil.machinery.resources;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.meta.NamespaceSpec;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which spec record each resource type string decodes to, and what each type declares about itself (its
 * {@link ResourceDefinition}: aliases, default namespace, table columns, sensitivity), which a node publishes.
 * Immutable: {@link #with} returns a larger registry, so a client and a server can each be given exactly the types
 * they understand. A type that is not registered decodes to a {@link RawSpec}, which keeps the bytes and the YAML
 * (the COSI runtime degrades the same way).
 */
public final class ResourceTypes {
    private static final ResourceTypes NONE = new ResourceTypes(Map.of(), Map.of());
    private static final ResourceTypes META = NONE.with(ResourceDefinitionSpec.DEFINITION, ResourceDefinitionSpec.class)
            .with(NamespaceSpec.DEFINITION, NamespaceSpec.class);

    private final Map<String, Class<? extends Spec>> specs;
    private final Map<String, ResourceDefinition> definitions;

    private ResourceTypes(Map<String, Class<? extends Spec>> specs, Map<String, ResourceDefinition> definitions) {
        this.specs = specs;
        this.definitions = definitions;
    }

    public static ResourceTypes none() {
        return NONE;
    }

    /** The two types every COSI state publishes: resource definitions and namespaces. */
    public static ResourceTypes meta() {
        return META;
    }

    /** This registry plus one type that is not published (tests, internal types); registering twice is a bug. */
    public ResourceTypes with(String type, Class<? extends Spec> specType) {
        return add(type, specType, null);
    }

    /** This registry plus one type with its definition, which {@link #definitions()} lists for publishing. */
    public ResourceTypes with(ResourceDefinition definition, Class<? extends Spec> specType) {
        Objects.requireNonNull(definition, "definition");
        return add(definition.type(), specType, definition);
    }

    private ResourceTypes add(String type, Class<? extends Spec> specType, ResourceDefinition definition) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specType, "specType");
        if (specs.containsKey(type)) {
            throw new IllegalArgumentException("resource type " + type + " is already registered as "
                    + specs.get(type).getName());
        }
        Map<String, Class<? extends Spec>> more = new HashMap<>(specs);
        more.put(type, specType);
        Map<String, ResourceDefinition> defined = new HashMap<>(definitions);
        if (definition != null) {
            defined.put(type, definition);
        }
        return new ResourceTypes(Map.copyOf(more), Map.copyOf(defined));
    }

    public Optional<Class<? extends Spec>> specType(String type) {
        return Optional.ofNullable(specs.get(type));
    }

    public Optional<ResourceDefinition> definition(String type) {
        return Optional.ofNullable(definitions.get(type));
    }

    /** The definitions of the registered types that have one, ordered by type. */
    public List<ResourceDefinition> definitions() {
        return List.copyOf(new TreeMap<>(definitions).values());
    }

    /** The spec of a resource of {@code type} from its wire forms. */
    public Spec decode(String type, ByteString protoSpec, String yamlSpec) {
        Class<? extends Spec> specType = specs.get(type);
        if (specType == null) {
            return new RawSpec(protoSpec, yamlSpec);
        }
        return ProtoSpecCodec.decode(protoSpec.toByteArray(), specType);
    }
}
