package dev.anvil.machinery.config;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.V1Alpha1;
import java.util.List;
import java.util.Optional;

/** A whole machine config: its documents in input order. */
public record ConfigBundle(List<ConfigDocument> documents) {

    public ConfigBundle {
        documents = List.copyOf(documents);
    }

    public Optional<V1Alpha1> v1alpha1() {
        return all(V1Alpha1.class).stream().findFirst();
    }

    public <T extends ConfigDocument> List<T> all(Class<T> kind) {
        return documents.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
