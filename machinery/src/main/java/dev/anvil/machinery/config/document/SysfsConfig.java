package dev.anvil.machinery.config.document;

import java.util.Map;

/** Values written under {@code /sys}, by dotted path. */
public record SysfsConfig(Map<String, String> params) implements ConfigDocument {
}
