package dev.anvil.ctl.api;

import io.grpc.StatusRuntimeException;

import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Reads a server stream of a blocking stub (logs, dmesg, events) until the server completes it, or until the
 * reading thread is interrupted: that is how a follow is stopped in-process, and gRPC's blocking iterator answers
 * it by cancelling the call (the server's thread ends too) and throwing CANCELLED with the interrupt flag set.
 */
public final class ServerStream {

    private ServerStream() {
    }

    /**
     * Hands each message to {@code action} in order. Returns normally when the stream completes or the thread was
     * interrupted (the flag stays set); an error the server ends the stream with is thrown.
     */
    public static <M> void forEach(Iterator<M> stream, Consumer<? super M> action) {
        try {
            while (stream.hasNext()) {
                action.accept(stream.next());
            }
        } catch (StatusRuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
        }
    }
}
