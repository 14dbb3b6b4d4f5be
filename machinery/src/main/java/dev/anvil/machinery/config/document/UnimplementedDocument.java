package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.Unstructured;

/**
 * A document of a kind Talos defines but Anvil does not act on yet (KubeSpan, firewall rules, registries,
 * extension services...). It is kept verbatim so that encoding and patching preserve it, and loading warns about it
 * (an error when strict).
 */
public record UnimplementedDocument(String apiVersion, String kind, String id, Unstructured body)
        implements ConfigDocument {

    @Override
    public String label() {
        return DocumentKinds.label(kind, id);
    }
}
