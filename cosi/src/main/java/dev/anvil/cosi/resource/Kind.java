package dev.anvil.cosi.resource;

import java.util.Objects;

/** A namespace and a resource type: the unit that lists, watches and event histories work on. */
public record Kind(String namespace, String type) {
    public Kind {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
    }

    public Pointer pointer(String id) {
        return new Pointer(namespace, type, id);
    }

    @Override
    public String toString() {
        return type + "(" + namespace + ")";
    }
}
