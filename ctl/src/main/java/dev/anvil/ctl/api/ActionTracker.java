package dev.anvil.ctl.api;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.PhaseEvent;
import dev.anvil.api.machine.SequenceEvent;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import javax.net.ssl.SSLException;
import java.io.PrintWriter;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows what a reboot, shutdown or reset does to one node, as {@code talosctl ... --wait} does: the events of the
 * action's actor id until the node stops answering, then (when it comes back) until its API answers again. The
 * events are subscribed to before the action is sent, since a node may close its API a moment after replying. A
 * node that comes back in maintenance mode (after a reset) answers with a certificate the context cannot verify:
 * that counts as up.
 */
public final class ActionTracker implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);
    /** What the queue gets when the stream ends: the node went down. */
    private static final Event END = Event.newBuilder().setId("end").build();

    private final ApiSession session;
    private final String node;
    private final Channel channel;
    private final PrintWriter out;
    private final Duration timeout;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Context.CancellableContext subscription = Context.current().withCancellation();

    /** What the node is expected to do after the action. */
    public enum Then { COME_BACK, STAY_DOWN }

    /**
     * Subscribes to the node's new events ({@code node} null: the endpoint itself) and returns once the node has
     * confirmed the subscription.
     */
    public ActionTracker(ApiSession session, String node, PrintWriter out, Duration timeout)
            throws InterruptedException {
        this.session = session;
        this.node = node;
        this.channel = session.channelFor(node);
        this.out = out;
        this.timeout = timeout;
        subscription.run(() -> MachineServiceGrpc.newStub(channel).events(EventsRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable t) {
                        events.add(END);
                    }

                    @Override
                    public void onCompleted() {
                        events.add(END);
                    }
                }));
        // the first message is the node's hello: from then on no event of the action can be missed
        Event hello = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (hello == null || hello == END) {
            subscription.cancel(null);
            throw new IllegalStateException(name() + ": cannot follow its events");
        }
    }

    private String name() {
        return node == null ? session.endpoint() : node;
    }

    /** Blocks until the node has gone down (and come back, if expected); fails on timeout. */
    public void follow(String shownAs, String actorId, Then then) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new IllegalStateException(shownAs + ": still up after " + timeout.toSeconds() + " s");
            }
            if (event == END) {
                break;
            }
            if (event.getActorId().equals(actorId)) {
                progress(shownAs, event).ifPresent(out::println);
                out.flush();
            }
        }
        out.println(shownAs + ": down");
        out.flush();
        if (then == Then.STAY_DOWN) {
            return;
        }
        var stub = MachineServiceGrpc.newBlockingStub(channel);
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            session.reconnect();
            try {
                var reply = stub.withDeadlineAfter(2, TimeUnit.SECONDS).version(Empty.getDefaultInstance());
                // through another node's proxy, a node that is still down is an error entry in the reply
                if (reply.getMessagesList().stream().allMatch(m -> ApiSession.errorOf(m).isEmpty())) {
                    out.println(shownAs + ": up");
                    out.flush();
                    return;
                }
            } catch (StatusRuntimeException e) {
                if (untrusted(e)) {
                    out.println(shownAs + ": up in maintenance mode");
                    out.flush();
                    return;
                }
            }
        }
        throw new IllegalStateException(shownAs + ": did not come back within " + timeout.toSeconds() + " s");
    }

    private static Optional<String> progress(String node, Event event) {
        Any data = event.getData();
        try {
            if (data.getTypeUrl().endsWith("/machine.SequenceEvent")) {
                SequenceEvent e = SequenceEvent.parseFrom(data.getValue());
                return Optional.of(node + ": sequence " + e.getSequence() + " " + e.getAction());
            }
            if (data.getTypeUrl().endsWith("/machine.PhaseEvent")) {
                PhaseEvent e = PhaseEvent.parseFrom(data.getValue());
                return Optional.of(node + ": phase " + e.getPhase() + " " + e.getAction());
            }
        } catch (InvalidProtocolBufferException e) {
            return Optional.of(node + ": an event that cannot be read (" + data.getTypeUrl() + ")");
        }
        return Optional.empty();
    }

    /** The node answered TLS with a certificate this context does not trust: maintenance mode's own. */
    private static boolean untrusted(StatusRuntimeException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        subscription.cancel(null);
    }
}
