package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code ManifestStatus} (namespace {@code controlplane}, ID {@code manifests}): the IDs of the bootstrap
 * manifests applied to the API server. {@code waiting} is Anvil's own field (a number Talos does not use): why the
 * rest are not applied yet, empty once all are.
 */
public record ManifestStatus(
        @ProtoField(1) @YamlName("manifestsApplied") List<String> manifestsApplied,
        @ProtoField(1001) String waiting) implements Spec {
    public static final String TYPE = "ManifestStatuses.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.CONTROL_PLANE_NAMESPACE, TYPE);
    public static final Pointer POINTER = KIND.pointer("manifests");

    public ManifestStatus {
        manifestsApplied = manifestsApplied == null ? List.of() : List.copyOf(manifestsApplied);
        waiting = waiting == null ? "" : waiting;
    }
}
