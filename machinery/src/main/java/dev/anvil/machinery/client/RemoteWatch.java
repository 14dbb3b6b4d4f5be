package dev.anvil.machinery.client;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.cosi.resource.WatchResponse;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.Watch;
import dev.anvil.machinery.proto.EventMessages;
import dev.anvil.machinery.proto.StateCall;
import dev.anvil.machinery.proto.StateStatus;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A watch over a {@code cosi.resource.State/Watch} stream.
 *
 * <p>Design: gRPC callbacks (on gRPC's threads) only decode responses into a queue and record how a stream ended;
 * the reader's own thread, inside {@link #next}, does everything else, including reconnecting. So the watch has no
 * thread of its own and nothing runs once it is closed.
 *
 * <p>Opening waits for the server's empty first response, so a watch is live when {@link #open} returns and a setup
 * error (an invalid bookmark, an unknown kind option) is thrown there. When an established stream breaks, the watch
 * reconnects with the same request resumed from the last bookmark it received (no bootstrap, no tail), backing off
 * between attempts; the server resumes just after that event, so every event arrives exactly once. A stream that
 * cannot be resumed (no bookmark yet, the bookmark expired, a failure that retrying cannot mend, or 15 minutes of
 * failed attempts) ends the watch with an {@link Event.Errored}. Responses are requested as the reader consumes them,
 * so a slow reader holds back the server instead of filling this process's memory.
 */
final class RemoteWatch implements Watch {
    static final int API_VERSION = 1;
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final Duration GIVE_UP = Duration.ofMinutes(15);

    private final ManagedChannel channel;
    private final Channel calls;
    private final StateGrpc.StateStub stub;
    private final WatchRequest request;
    private final Pointer pointer;
    private final ResourceTypes types;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // all below guarded by lock
    private final ArrayDeque<List<Event>> ready = new ArrayDeque<>();
    private WatchStream current;
    private Bookmark lastBookmark;
    private Status broken;
    private long brokenSince;
    private int attempts;
    private boolean retryPending;
    private long retryAt;
    private boolean ended;
    private boolean closed;

    private RemoteWatch(ManagedChannel channel, Channel calls, WatchRequest request, Pointer pointer,
            ResourceTypes types) {
        this.channel = channel;
        this.calls = calls;
        this.stub = StateGrpc.newStub(calls);
        this.request = request;
        this.pointer = pointer;
        this.types = types;
    }

    /** Opens a watch whose calls go through {@code calls}, which is {@code channel} or an intercepted view of it. */
    static RemoteWatch open(ManagedChannel channel, Channel calls, WatchRequest request, Pointer pointer,
            ResourceTypes types) {
        RemoteWatch watch = new RemoteWatch(channel, calls, request, pointer, types);
        watch.lock.lock();
        try {
            WatchStream first = watch.connect(request);
            boolean interrupted = false;
            while (!first.established && watch.broken == null) {
                try {
                    watch.changed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    first.cancel("interrupted while opening the watch");
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (!first.established) {
                watch.closed = true;
                throw StateStatus.fromStatus(watch.broken.asRuntimeException(), StateCall.WATCH, pointer);
            }
            return watch;
        } finally {
            watch.lock.unlock();
        }
    }

    @Override
    public List<Event> next() throws InterruptedException {
        return next(null);
    }

    @Override
    public List<Event> next(Duration timeout) throws InterruptedException {
        boolean timed = timeout != null;
        long deadline = timed ? System.nanoTime() + timeout.toNanos() : 0;
        lock.lock();
        try {
            while (true) {
                if (!ready.isEmpty()) {
                    return drain();
                }
                if (closed || ended) {
                    return List.of();
                }
                if (broken != null) {
                    afterBreak();
                    continue;
                }
                long now = System.nanoTime();
                if (retryPending && now - retryAt >= 0) {
                    retryPending = false;
                    reconnect();
                    continue;
                }
                long wait = timed ? deadline - now : Long.MAX_VALUE;
                if (wait <= 0) {
                    return List.of();
                }
                if (retryPending) {
                    wait = Math.min(wait, retryAt - now);
                }
                if (wait == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed || ended;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        WatchStream stream;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stream = current;
            current = null;
            ready.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (stream != null) {
            stream.cancel("the watch was closed");
        }
    }

    private List<Event> drain() {
        List<Event> events = new ArrayList<>();
        int batches = ready.size();
        while (!ready.isEmpty()) {
            events.addAll(ready.poll());
        }
        if (current != null) {
            current.request(batches);
        }
        return events;
    }

    /** Decides what a broken stream leads to: a later reconnect, or the end of the watch. */
    private void afterBreak() {
        Status status = broken;
        broken = null;
        long now = System.nanoTime();
        if (attempts == 0) {
            brokenSince = now;
        }
        if (lastBookmark == null || !retryable(status.getCode()) || channel.isShutdown()
                || now - brokenSince > GIVE_UP.toNanos()) {
            RuntimeException cause = status.getCode() == Status.Code.FAILED_PRECONDITION
                    ? StateStatus.fromStatus(status.asRuntimeException(), StateCall.WATCH, pointer)
                    : new IllegalStateException("namespace \"" + pointer.namespace() + "\" type \""
                            + pointer.type() + "\": watch stream failed: " + status, status.asRuntimeException());
            end(new Event.Errored(cause));
            return;
        }
        long delay = Math.min(MAX_RETRY.toNanos(), FIRST_RETRY.toNanos() << Math.min(attempts, 20));
        attempts++;
        retryAt = now + delay;
        retryPending = true;
    }

    /** Failures a new stream may not have: the server went away, or the connection did. */
    private static boolean retryable(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE, CANCELLED, UNKNOWN, INTERNAL, ABORTED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> true;
            default -> false;
        };
    }

    private void reconnect() {
        var resumed = request.getOptions().toBuilder()
                .setStartFromBookmark(ByteString.copyFrom(lastBookmark.toBytes()))
                .setBootstrapContents(false)
                .setBootstrapBookmark(false)
                .setTailEvents(0);
        // the channel may be waiting out its own connect backoff; the server may be back already
        channel.resetConnectBackoff();
        connect(request.toBuilder().setOptions(resumed).build());
    }

    private WatchStream connect(WatchRequest r) {
        WatchStream stream = new WatchStream(this);
        current = stream;
        ClientCalls.asyncServerStreamingCall(
                calls.newCall(StateGrpc.getWatchMethod(), stub.getCallOptions()), r, stream);
        return stream;
    }

    private void end(Event.Errored error) {
        ready.add(List.of(error));
        ended = true;
        current = null;
        changed.signalAll();
    }

    // ---- called by WatchStream on gRPC's threads ----

    void established(WatchStream stream) {
        lock.lock();
        try {
            if (stream == current) {
                stream.established = true;
                attempts = 0;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void received(WatchStream stream, WatchResponse response) {
        lock.lock();
        try {
            if (stream != current) {
                return;
            }
            List<Event> batch = new ArrayList<>(response.getEventCount());
            Kind kind = pointer.kind();
            for (var message : response.getEventList()) {
                Event event;
                try {
                    event = EventMessages.fromProto(message, kind, types);
                } catch (RuntimeException undecodable) {
                    if (!batch.isEmpty()) {
                        ready.add(batch);
                    }
                    end(new Event.Errored(undecodable));
                    stream.cancel("an event could not be decoded");
                    return;
                }
                if (event instanceof Event.Errored e) {
                    if (!batch.isEmpty()) {
                        ready.add(batch);
                    }
                    end(e);
                    return;
                }
                if (event.bookmark() != null) {
                    lastBookmark = event.bookmark();
                }
                batch.add(event);
            }
            if (!batch.isEmpty()) {
                ready.add(batch);
                changed.signalAll();
            } else {
                stream.request(1);
            }
        } finally {
            lock.unlock();
        }
    }

    void failed(WatchStream stream, Status status) {
        lock.lock();
        try {
            if (stream == current && !closed) {
                current = null;
                broken = status;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void completed(WatchStream stream) {
        lock.lock();
        try {
            if (stream == current && !closed && !ended) {
                end(new Event.Errored(new IllegalStateException("namespace \"" + pointer.namespace()
                        + "\" type \"" + pointer.type() + "\": the server ended the watch")));
            }
        } finally {
            lock.unlock();
        }
    }
}
