package dev.anvil.machinery.config.schema;

/**
 * YAML that the config carries without a schema of its own (static pods, kubelet extra config, audit policy): kept
 * as plain Java values (ordered maps, lists, strings, numbers, booleans, null) so that it encodes back unchanged.
 */
public record Unstructured(Object value) {
}
