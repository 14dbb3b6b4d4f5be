package dev.anvil.machined.server.proxy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A call relayed as it is to one other node (the {@code node} metadata), as grpc-proxy's one-to-one mode: requests
 * go up, replies come down unchanged, and the target's status, an error included, ends the caller's call, with
 * flow control both ways ({@link Demand}). The upstream call is made in the caller's context: its deadline and
 * its cancellation reach the target.
 */
final class Relay<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final ClientCall<Q, R> upstream;
    private final Object lock = new Object();
    /** Under the lock, as all below. */
    private final Demand requests;
    private final Demand replies;
    private boolean headersSent;

    private Relay(ServerCall<Q, R> call, ClientCall<Q, R> upstream) {
        this.call = call;
        this.upstream = upstream;
        this.requests = new Demand(upstream::isReady, () -> call.request(1));
        this.replies = new Demand(call::isReady, () -> upstream.request(1));
    }

    static <Q, R> ServerCall.Listener<Q> start(ServerCall<Q, R> call, Metadata forwarded, Channel target) {
        Relay<Q, R> relay = new Relay<>(call, target.newCall(call.getMethodDescriptor(), CallOptions.DEFAULT));
        relay.upstream.start(relay.new Downstream(), forwarded);
        relay.upstream.request(1);
        call.request(1);
        return relay;
    }

    @Override
    public void onMessage(Q request) {
        upstream.sendMessage(request);
        synchronized (lock) {
            requests.passedOn();
        }
    }

    @Override
    public void onHalfClose() {
        upstream.halfClose();
    }

    @Override
    public void onCancel() {
        upstream.cancel("the caller cancelled the call", null);
    }

    @Override
    public void onReady() {
        synchronized (lock) {
            replies.receiverReady();
        }
    }

    private final class Downstream extends ClientCall.Listener<R> {

        @Override
        public void onHeaders(Metadata headers) {
            synchronized (lock) {
                call.sendHeaders(Forwarding.copied(headers));
                headersSent = true;
            }
        }

        @Override
        public void onMessage(R reply) {
            synchronized (lock) {
                if (!headersSent) {
                    call.sendHeaders(new Metadata());
                    headersSent = true;
                }
                call.sendMessage(reply);
                replies.passedOn();
            }
        }

        @Override
        public void onReady() {
            synchronized (lock) {
                requests.receiverReady();
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            synchronized (lock) {
                call.close(status, Forwarding.copied(trailers));
            }
        }
    }
}
