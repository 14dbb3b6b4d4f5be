package dev.anvil.machinery.generate;

/** The two machine configs of a cluster, as YAML text. */
public record GeneratedConfigs(String controlPlane, String worker) {
}
