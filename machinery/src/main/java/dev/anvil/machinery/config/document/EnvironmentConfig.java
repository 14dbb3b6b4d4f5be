package dev.anvil.machinery.config.document;

import java.util.Map;

/** Environment variables for the node's own services (proxies and the like). */
public record EnvironmentConfig(Map<String, String> variables) implements ConfigDocument {
}
