package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.NotImplemented;

/** Placement and options of a system volume (STATE, EPHEMERAL, IMAGECACHE...), named by the volume. */
public record VolumeConfig(
        String name,
        Volumes.Provisioning provisioning,
        Filesystem filesystem,
        @NotImplemented("volume encryption") Volumes.Encryption encryption,
        Volumes.Mount mount,
        @NotImplemented("periodic filesystem trim") Volumes.Periodic trim,
        @NotImplemented("periodic filesystem scrub") Volumes.Periodic scrub) implements ConfigDocument {

    public record Filesystem(Volumes.Xfs xfs) {
    }

    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
