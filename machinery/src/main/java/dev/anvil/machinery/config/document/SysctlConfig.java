package dev.anvil.machinery.config.document;

import java.util.Map;

/** Kernel parameters (sysctls), by dotted name. */
public record SysctlConfig(Map<String, String> params) implements ConfigDocument {
}
