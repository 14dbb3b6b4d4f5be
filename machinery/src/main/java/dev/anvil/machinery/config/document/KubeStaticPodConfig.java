package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.Unstructured;

/** A static pod the kubelet runs from its manifests directory. */
public record KubeStaticPodConfig(String name, Unstructured pod) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
