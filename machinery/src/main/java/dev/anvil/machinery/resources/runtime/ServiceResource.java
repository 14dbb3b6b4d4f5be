package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code Service} resource: one a machined service (ID = the service ID), running or not, healthy or not
 * (unknown while it has no health check result).
 */
public record ServiceResource(
        @ProtoField(1) boolean running,
        @ProtoField(2) boolean healthy,
        @ProtoField(3) boolean unknown) implements Spec {

    public static final String TYPE = "Services.v1alpha1.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withAliases("svc").withPrintColumn("Running", "{.running}").withPrintColumn("Healthy", "{.healthy}")
            .withPrintColumn("Health Unknown", "{.unknown}");

    public static Pointer pointer(String serviceId) {
        return KIND.pointer(serviceId);
    }
}
