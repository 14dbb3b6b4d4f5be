package dev.anvil.machinery.config.document;

import java.util.List;

/** A kernel module to load, with its parameters. */
public record KernelModuleConfig(String name, List<String> parameters) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
