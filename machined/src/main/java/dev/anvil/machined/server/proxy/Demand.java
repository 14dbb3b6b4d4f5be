package dev.anvil.machined.server.proxy;

import java.util.function.BooleanSupplier;

/**
 * Flow control for one direction of a proxied call: the sender is asked for one message at a time, and only while
 * the receiver can take more; otherwise the next is asked for once the receiver says it is ready. So a slow reader
 * slows the sender down instead of filling this node's memory. Not thread-safe: callers hold their call's lock.
 */
final class Demand {
    private final BooleanSupplier receiverReady;
    private final Runnable askSender;
    private boolean waiting;

    /**
     * @param receiverReady whether the receiver can take another message now
     * @param askSender     asks the sender for one more message
     */
    Demand(BooleanSupplier receiverReady, Runnable askSender) {
        this.receiverReady = receiverReady;
        this.askSender = askSender;
    }

    /** A message was just passed on to the receiver. */
    void passedOn() {
        if (receiverReady.getAsBoolean()) {
            askSender.run();
        } else {
            waiting = true;
        }
    }

    /** The receiver said it can take more. */
    void receiverReady() {
        if (waiting && receiverReady.getAsBoolean()) {
            waiting = false;
            askSender.run();
        }
    }
}
