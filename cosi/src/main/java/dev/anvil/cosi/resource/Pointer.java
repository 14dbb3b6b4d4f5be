package dev.anvil.cosi.resource;

import java.util.Objects;

/** The address of one resource. IDs may contain '/'. */
public record Pointer(String namespace, String type, String id) {
    public Pointer {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public Kind kind() {
        return new Kind(namespace, type);
    }

    @Override
    public String toString() {
        return type + "(" + namespace + "/" + id + ")";
    }
}
