package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.NotImplemented;

/** A volume that already exists on some disk, found by a CEL selector and mounted. */
public record ExistingVolumeConfig(
        String name,
        Volumes.Discovery discovery,
        Volumes.ExistingMount mount,
        @NotImplemented("periodic filesystem trim") Volumes.Periodic trim,
        @NotImplemented("periodic filesystem scrub") Volumes.Periodic scrub) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
