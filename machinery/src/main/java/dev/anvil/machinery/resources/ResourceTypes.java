package dev.anvil.machinery.resources;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which spec record each resource type string decodes to. Immutable: {@link #with} returns a larger registry, so a
 * client and a server can each be given exactly the types they understand. A type that is not registered decodes to
 * a {@link RawSpec}, which keeps the bytes and the YAML (the COSI runtime degrades the same way).
 */
public final class ResourceTypes {
    private static final ResourceTypes NONE = new ResourceTypes(Map.of());

    private final Map<String, Class<? extends Spec>> specs;

    private ResourceTypes(Map<String, Class<? extends Spec>> specs) {
        this.specs = specs;
    }

    public static ResourceTypes none() {
        return NONE;
    }

    /** This registry plus one type; registering a type twice is a programming error. */
    public ResourceTypes with(String type, Class<? extends Spec> specType) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specType, "specType");
        if (specs.containsKey(type)) {
            throw new IllegalArgumentException("resource type " + type + " is already registered as "
                    + specs.get(type).getName());
        }
        Map<String, Class<? extends Spec>> more = new HashMap<>(specs);
        more.put(type, specType);
        return new ResourceTypes(Map.copyOf(more));
    }

    public Optional<Class<? extends Spec>> specType(String type) {
        return Optional.ofNullable(specs.get(type));
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
