package dev.anvil.machinery.resources;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Spec;

import java.util.Objects;

/**
 * The spec of a resource whose type this process does not know: kept exactly as it came over the wire, so it can be
 * shown (the YAML) and passed on unchanged (the protobuf bytes). Equal when both forms are equal.
 */
public record RawSpec(ByteString protoSpec, String yamlSpec) implements Spec {
    public RawSpec {
        Objects.requireNonNull(protoSpec, "protoSpec");
        Objects.requireNonNull(yamlSpec, "yamlSpec");
    }
}
