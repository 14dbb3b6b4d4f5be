package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;

import java.util.Comparator;
import java.util.Objects;

/**
 * A resource kind (or, with an ID, one resource) a controller reads and is woken by. Inputs sort by namespace,
 * type, ID and kind; two inputs with the same namespace, type and ID are duplicates whatever their kinds.
 *
 * @param id the one resource watched, or null for every resource of the kind
 */
public record Input(String namespace, String type, String id, InputKind kind) implements Comparable<Input> {
    private static final Comparator<Input> ORDER = Comparator.comparing(Input::namespace)
            .thenComparing(Input::type)
            .thenComparing(Input::id, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Input::kind);

    public Input {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
    }

    public static Input weak(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.WEAK);
    }

    public static Input strong(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.STRONG);
    }

    public static Input destroyReady(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.DESTROY_READY);
    }

    public static Input qPrimary(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.Q_PRIMARY);
    }

    public static Input qMapped(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.Q_MAPPED);
    }

    public static Input qMappedDestroyReady(String namespace, String type) {
        return new Input(namespace, type, null, InputKind.Q_MAPPED_DESTROY_READY);
    }

    /** This input narrowed to one resource. */
    public Input withId(String resourceId) {
        return new Input(namespace, type, Objects.requireNonNull(resourceId, "id"), kind);
    }

    public Kind resourceKind() {
        return new Kind(namespace, type);
    }

    /** True when a change of the resource at {@code pointer} concerns this input. */
    public boolean covers(Pointer pointer) {
        return namespace.equals(pointer.namespace()) && type.equals(pointer.type())
                && (id == null || id.equals(pointer.id()));
    }

    /** True when {@code other} names the same resources (namespace, type and ID), whatever its kind. */
    public boolean sameTarget(Input other) {
        return namespace.equals(other.namespace) && type.equals(other.type) && Objects.equals(id, other.id);
    }

    @Override
    public int compareTo(Input other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind + " " + type + "(" + namespace + (id == null ? "" : "/" + id) + ")";
    }
}
