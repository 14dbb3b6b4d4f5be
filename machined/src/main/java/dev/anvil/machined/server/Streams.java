package dev.anvil.machined.server;

import dev.anvil.machined.events.BoundedHistory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that feed the machine service's server streams (Logs, Events, Dmesg), one a call. Each sends only
 * while the transport is ready, so a slow client holds its thread back instead of filling the server's memory; the
 * client cancelling the call interrupts the thread. {@link #close()} interrupts the threads still running and waits
 * for them, so that a stopped server leaves none behind.
 */
final class Streams implements AutoCloseable {
    /** Followers wake up this often even when nothing happens (they are interrupted on cancel anyway). */
    static final Duration FOLLOW_WAIT = Duration.ofMinutes(1);

    /** What feeds one call: sends through {@code out}, and returns when the stream is complete. */
    @FunctionalInterface
    interface Body<M> {
        void run(Sender<M> out) throws InterruptedException;
    }

    private final Set<Thread> running = ConcurrentHashMap.newKeySet();

    /**
     * Feeds a call from a thread made by {@code builder} (a platform thread for blocking FFM calls, else a virtual
     * one). Must run inside the call's handler: gRPC takes the cancel and ready handlers only there. A body that
     * throws a {@link StatusRuntimeException} ends the call with that status.
     */
    <M> void start(StreamObserver<M> response, Thread.Builder builder, Body<M> body) {
        var call = (ServerCallStreamObserver<M>) response;
        Sender<M> sender = new Sender<>(call);
        Thread thread = builder.unstarted(() -> {
            try {
                body.run(sender);
                if (!call.isCancelled()) {
                    call.onCompleted();
                }
            } catch (InterruptedException e) {
                if (!call.isCancelled()) {
                    call.onError(Status.CANCELLED.withDescription("the server is stopping").asRuntimeException());
                }
            } catch (StatusRuntimeException e) {
                call.onError(e);
            } catch (RuntimeException e) {
                call.onError(Status.INTERNAL.withDescription(e.getMessage()).withCause(e).asRuntimeException());
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        call.setOnCancelHandler(() -> {
            thread.interrupt();
            sender.signal();
        });
        call.setOnReadyHandler(sender::signal);
        thread.start();
    }

    /** How many calls are being fed. */
    int running() {
        return running.size();
    }

    @Override
    public void close() {
        for (Thread t : Set.copyOf(running)) {
            t.interrupt();
        }
        for (Thread t : Set.copyOf(running)) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends one call's messages, each once the transport is ready for it. */
    static final class Sender<M> {
        private final ServerCallStreamObserver<M> call;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readyOrCancelled = lock.newCondition();

        private Sender(ServerCallStreamObserver<M> call) {
            this.call = call;
        }

        /** Waits until the client can take the message; InterruptedException once the call is cancelled. */
        void send(M message) throws InterruptedException {
            lock.lock();
            try {
                while (!call.isReady()) {
                    if (call.isCancelled()) {
                        throw new InterruptedException("the call was cancelled");
                    }
                    readyOrCancelled.await();
                }
            } finally {
                lock.unlock();
            }
            if (call.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("the call was cancelled");
            }
            call.onNext(message);
        }

        private void signal() {
            lock.lock();
            try {
                readyOrCancelled.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** A follower that fell so far behind that items were dropped learns it rather than getting a gap. */
    static void requireNoGap(BoundedHistory.Chunk<?> chunk, String what) {
        if (chunk.missed() > 0) {
            throw Status.ABORTED.withDescription("the stream fell behind: " + chunk.missed() + " " + what
                    + " were dropped before they could be sent").asRuntimeException();
        }
    }
}
