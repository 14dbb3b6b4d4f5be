package dev.anvil.machinery.resources.secrets;

import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.TextForm;

import java.net.URI;

/** Talos's {@code common.URL}: the URL's text in YAML, a message of it on the wire. */
@TextForm
public record Url(@ProtoField(1) String fullPath) {
    public Url {
        fullPath = fullPath == null ? "" : fullPath;
    }

    public static Url parse(String text) {
        return new Url(text);
    }

    public URI toUri() {
        return URI.create(fullPath);
    }

    @Override
    public String toString() {
        return fullPath;
    }
}
