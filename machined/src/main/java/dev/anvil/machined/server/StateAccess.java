package dev.anvil.machined.server;

/**
 * Decides, before the state is touched, whether the caller may do {@code verb} on resources of a type in a
 * namespace (the COSI runtime's filtering rule). A refusal is a {@link io.grpc.StatusRuntimeException}, answered
 * to the client as it is.
 */
@FunctionalInterface
public interface StateAccess {
    /** Everything allowed: for tests and for in-process users of the service. */
    StateAccess TRUSTED = (verb, namespace, type) -> { };

    void check(Verb verb, String namespace, String type);

    /** What a call does to the state. */
    enum Verb {
        GET, LIST, WATCH, CREATE, UPDATE, DESTROY;

        public boolean readOnly() {
            return this == GET || this == LIST || this == WATCH;
        }
    }
}
