package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.IntOrString;

/** A file under {@code /etc}: the name is its path relative to {@code /etc}. */
public record EtcFileConfig(String name, IntOrString mode, String contents) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
