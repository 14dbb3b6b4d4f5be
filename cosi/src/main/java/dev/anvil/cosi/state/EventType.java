package dev.anvil.cosi.state;

/** The kinds of watch event, in the order of the wire enum. */
public enum EventType {
    CREATED, UPDATED, DESTROYED, BOOTSTRAPPED, ERRORED, NOOP
}
