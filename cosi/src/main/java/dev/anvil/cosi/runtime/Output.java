package dev.anvil.cosi.runtime;

import java.util.Objects;

/**
 * A resource type a controller writes. Outputs have no namespace: the controller may write its output types in any
 * namespace. A type is either exclusive to one controller or shared by several, never both.
 */
public record Output(String type, OutputKind kind) {
    public Output {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
    }

    public static Output exclusive(String type) {
        return new Output(type, OutputKind.EXCLUSIVE);
    }

    public static Output shared(String type) {
        return new Output(type, OutputKind.SHARED);
    }
}
