package dev.anvil.machinery.config.validate;

import java.util.Locale;
import java.util.Optional;

/** Where the node runs, which changes what a config must contain (as {@code talosctl validate --mode}). */
public enum ValidationMode {
    /** Bare metal or a VM we install to: the install disk is required. */
    METAL,
    /** A container-mode node: no install, and global kernel settings are skipped. */
    CONTAINER,
    /** A cloud instance: the platform provides the disk and much of the network. */
    CLOUD;

    public static Optional<ValidationMode> parse(String text) {
        for (ValidationMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
