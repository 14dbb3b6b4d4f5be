package dev.anvil.machinery.config.tool;

/** What a config command prints and how it exits; the CLI only writes these out. */
public record CommandOutcome(int exitCode, String stdout, String stderr) {
}
