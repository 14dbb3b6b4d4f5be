package dev.anvil.cosi.resource;

/** The spec of a resource that is only a reference: an absent or destroyed resource, or a kind marker in a watch. */
public enum Tombstone implements Spec {
    INSTANCE
}
