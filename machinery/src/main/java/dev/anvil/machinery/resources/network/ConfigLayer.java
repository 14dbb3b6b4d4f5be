package dev.anvil.machinery.resources.network;

import java.util.Locale;

/**
 * Where a network spec came from, lowest priority first (Talos's network.ConfigLayer): the merge controllers let a
 * higher layer win. Specs in namespace {@code network-config} carry their layer in their ID.
 */
public enum ConfigLayer {
    DEFAULT,
    CMDLINE,
    PLATFORM,
    OPERATOR,
    CONFIGURATION;

    /** Talos's LayeredID: {@code configuration/hostname}. */
    public String layeredId(String id) {
        return name().toLowerCase(Locale.ROOT) + "/" + id;
    }
}
