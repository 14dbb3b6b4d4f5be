package dev.anvil.machinery.resources.k8s;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlInline;

import java.util.List;

/**
 * Talos's {@code Manifest} (namespace {@code controlplane}, ID ordered by its prefix such as {@code 05-flannel}): the
 * Kubernetes objects a control plane applies at bootstrap, in order. Its YAML is the list of objects, as Talos
 * prints it.
 */
public record Manifest(@ProtoField(1) @YamlInline List<Item> items) implements Spec {
    public static final String TYPE = "Manifests.kubernetes.talos.dev";
    public static final Kind KIND = new Kind(K8sResources.CONTROL_PLANE_NAMESPACE, TYPE);

    public Manifest {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One object, as Talos's {@code SingleManifest}. */
    public record Item(@ProtoField(1) @YamlInline Struct object) {
    }

    public static Manifest of(List<Struct> objects) {
        return new Manifest(objects.stream().map(Item::new).toList());
    }
}
