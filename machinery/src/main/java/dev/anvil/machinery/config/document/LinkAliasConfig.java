package dev.anvil.machinery.config.document;

/** Gives the link matched by a CEL selector an alias name. */
public record LinkAliasConfig(String name, Selector selector) implements ConfigDocument {

    public record Selector(String match) {
    }

    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
