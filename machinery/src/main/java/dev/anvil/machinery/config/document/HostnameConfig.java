package dev.anvil.machinery.config.document;

/** The node's hostname: fixed, or generated ({@code auto: stable} or {@code off}). */
public record HostnameConfig(String auto, String hostname) implements ConfigDocument {
}
