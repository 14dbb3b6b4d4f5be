package dev.anvil.machinery.config.document;

import java.util.List;

/** An {@code /etc/hosts} entry: the document's name is the IP address. */
public record StaticHostConfig(String name, List<String> hostnames) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
