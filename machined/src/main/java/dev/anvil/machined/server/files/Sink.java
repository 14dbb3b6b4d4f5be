package dev.anvil.machined.server.files;

/** Where a file RPC's messages go: a server stream, which throws InterruptedException once the call is cancelled. */
@FunctionalInterface
public interface Sink<M> {
    void send(M message) throws InterruptedException;
}
