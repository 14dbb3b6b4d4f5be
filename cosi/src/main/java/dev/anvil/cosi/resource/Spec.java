package dev.anvil.cosi.resource;

/**
 * The typed content of a resource. Specs are deeply immutable values (records of immutable fields), so a stored
 * resource can be shared by every reader and event without copying: a copy of a spec is the spec itself. Equality
 * is value equality.
 */
public interface Spec {
}
