package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;

/** The suites' resource: a path, with nothing but its ID (as the COSI runtime's conformance PathResource). */
public record PathSpec() implements Spec {
    public static final String TYPE = "os/path";

    public static Resource<PathSpec> path(String namespace, String id) {
        return Resource.of(new Pointer(namespace, TYPE, id), new PathSpec());
    }
}
