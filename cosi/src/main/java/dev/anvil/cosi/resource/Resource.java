package dev.anvil.cosi.resource;

import java.util.Objects;

/**
 * A resource: metadata plus a typed spec. Immutable; resources read from a state may be shared freely.
 * Equality is metadata equality (see {@link Metadata#equals}) plus spec equality.
 */
public record Resource<S extends Spec>(Metadata metadata, S spec) {
    public Resource {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    public static <S extends Spec> Resource<S> of(Pointer pointer, S spec) {
        return new Resource<>(Metadata.of(pointer), spec);
    }

    /** A resource that only names an address: an absent or destroyed resource, or a watch marker. */
    public static Resource<Tombstone> tombstone(Metadata metadata) {
        return new Resource<>(metadata, Tombstone.INSTANCE);
    }

    public static Resource<Tombstone> tombstone(Pointer pointer) {
        return tombstone(Metadata.of(pointer));
    }

    public boolean isTombstone() {
        return spec == Tombstone.INSTANCE;
    }

    public Pointer pointer() {
        return metadata.pointer();
    }

    public String id() {
        return metadata.id();
    }

    public Resource<S> withMetadata(Metadata m) {
        return m == metadata ? this : new Resource<>(m, spec);
    }

    public Resource<S> withSpec(S s) {
        return new Resource<>(metadata, s);
    }

    /** This resource seen with its spec type checked; a resource of another spec type is a clear error. */
    @SuppressWarnings("unchecked")
    public <T extends Spec> Resource<T> as(Class<T> specType) {
        if (!specType.isInstance(spec)) {
            throw new ClassCastException(metadata.pointer() + " has a " + spec.getClass().getSimpleName()
                    + " spec, not a " + specType.getSimpleName());
        }
        return (Resource<T>) this;
    }

    @Override
    public String toString() {
        return metadata + " " + spec;
    }
}
