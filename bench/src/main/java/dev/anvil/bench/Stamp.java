package dev.anvil.bench;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;

/** A benchmark resource: one number. */
public record Stamp(long value) implements Spec {
    public static final String TYPE = "Stamps.bench.anvil.dev";

    public static Resource<Stamp> resource(Pointer pointer, long value) {
        return Resource.of(pointer, new Stamp(value));
    }
}
