package dev.anvil.machined.controllers;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.cosi.runtime.ControllerWriter;
import dev.anvil.cosi.state.NotFoundException;

import java.util.Optional;

/** The two calls every controller here makes: read a resource that may be absent, and make one hold a spec. */
public final class Specs {
    private Specs() {
    }

    public static <S extends Spec> Optional<Resource<S>> find(ControllerReader reader, Pointer pointer,
            Class<S> specType) {
        try {
            return Optional.of(reader.get(pointer, specType));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Creates the resource or updates it to {@code spec}; writes nothing when it already holds it. */
    public static <S extends Spec> void put(ControllerWriter writer, Pointer pointer, S spec) {
        writer.modify(Resource.of(pointer, spec), r -> r.withSpec(spec));
    }
}
