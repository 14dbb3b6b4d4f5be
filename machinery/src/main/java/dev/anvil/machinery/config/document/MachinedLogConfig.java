package dev.anvil.machinery.config.document;

/**
 * Anvil only ({@code apiVersion: anvil.dev/v1alpha1}): the format of machined's own log, {@code text} (the default)
 * or {@code json} (one object a line).
 */
public record MachinedLogConfig(String format) implements ConfigDocument {
}
