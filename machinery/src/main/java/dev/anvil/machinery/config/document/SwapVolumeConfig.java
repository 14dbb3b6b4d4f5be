package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.NotImplemented;

/** A swap partition. */
public record SwapVolumeConfig(String name, Volumes.Provisioning provisioning,
                               @NotImplemented("volume encryption") Volumes.Encryption encryption)
        implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
