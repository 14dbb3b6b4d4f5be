package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.NotImplemented;

/** A user volume, mounted under {@code /var/mnt/<name>}. */
public record UserVolumeConfig(
        String name,
        String volumeType,
        Volumes.Provisioning provisioning,
        Volumes.Filesystem filesystem,
        @NotImplemented("volume encryption") Volumes.Encryption encryption,
        Volumes.UserMount mount,
        @NotImplemented("periodic filesystem trim") Volumes.Periodic trim,
        @NotImplemented("periodic filesystem scrub") Volumes.Periodic scrub) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
