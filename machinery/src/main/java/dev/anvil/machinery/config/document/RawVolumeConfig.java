package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.NotImplemented;

/** A partition without a filesystem, for workloads that want a block device. */
public record RawVolumeConfig(String name, Volumes.Provisioning provisioning,
                              @NotImplemented("volume encryption") Volumes.Encryption encryption)
        implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
