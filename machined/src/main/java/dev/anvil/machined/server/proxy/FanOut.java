package dev.anvil.machined.server.proxy;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * A call sent to several nodes at once (the {@code nodes} metadata), as grpc-proxy's one-to-many mode: each
 * request goes to every target, each reply comes back with its target's name in its metadata ({@link Replies}),
 * and a target that fails gives a reply saying so rather than failing the call. Unary replies are merged into one
 * response once every target has answered, in the order the request named the targets; streamed replies are
 * passed on as they come, each target's in its own order, and the call ends when every target's stream has.
 *
 * <p>Concurrency: the targets answer on their channels' threads, the caller's events arrive on the server's; one
 * lock orders everything said to the caller. A target is asked for its next streamed reply only once the caller
 * can take more, and the caller for its next request once every target can ({@link Demand}). The upstream calls
 * are made in the caller's context, so its deadline and cancellation reach them.
 */
final class FanOut<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final Replies replies;
    private final List<Branch> branches = new ArrayList<>();
    private final Object lock = new Object();
    /** Under the lock from here on. */
    private final Demand requests;
    private int open;
    private boolean headersSent;

    private FanOut(ServerCall<Q, R> call, Replies replies) {
        this.call = call;
        this.replies = replies;
        this.requests = new Demand(this::everyOpenBranchReady, () -> call.request(1));
    }

    /** Starts one upstream call a target; {@code channels} holds the channel of each target, in their order. */
    static <Q, R> ServerCall.Listener<Q> start(ServerCall<Q, R> call, Metadata forwarded, Replies replies,
            List<String> targets, List<Channel> channels) {
        FanOut<Q, R> fanOut = new FanOut<>(call, replies);
        for (int i = 0; i < targets.size(); i++) {
            fanOut.branches.add(fanOut.new Branch(targets.get(i),
                    channels.get(i).newCall(call.getMethodDescriptor(), CallOptions.DEFAULT)));
        }
        synchronized (fanOut.lock) {
            fanOut.open = targets.size();
        }
        for (FanOut<Q, R>.Branch branch : fanOut.branches) {
            Metadata headers = new Metadata();
            headers.merge(forwarded);  // each call gets its own: the transport writes into them
            branch.upstream.start(branch, headers);
            branch.upstream.request(1);
        }
        call.request(1);
        return fanOut;
    }

    @Override
    public void onMessage(Q request) {
        for (Branch branch : branches) {
            branch.upstream.sendMessage(request);
        }
        synchronized (lock) {
            requests.passedOn();
        }
    }

    @Override
    public void onHalfClose() {
        for (Branch branch : branches) {
            branch.upstream.halfClose();
        }
    }

    @Override
    public void onCancel() {
        for (Branch branch : branches) {
            branch.upstream.cancel("the caller cancelled the call", null);
        }
    }

    @Override
    public void onReady() {
        synchronized (lock) {
            for (Branch branch : branches) {
                branch.demand.receiverReady();
            }
        }
    }

    private boolean everyOpenBranchReady() {
        return branches.stream().allMatch(b -> b.closed || b.upstream.isReady());
    }

    /** Under the lock. */
    @SuppressWarnings("unchecked")  // the replies are of the method's own response type, R
    private void send(Message reply) {
        if (call.isCancelled()) {
            return;
        }
        if (!headersSent) {
            call.sendHeaders(new Metadata());
            headersSent = true;
        }
        call.sendMessage((R) reply);
    }

    /** Under the lock, once every target has ended. */
    private void finish() {
        if (!replies.streamed()) {
            List<Message> all = new ArrayList<>();
            branches.forEach(b -> all.addAll(b.collected));
            send(replies.merged(all));
        }
        call.close(Status.OK, new Metadata());
    }

    /** The call to one target. */
    private final class Branch extends ClientCall.Listener<R> {
        final String target;
        final ClientCall<Q, R> upstream;
        /** Under the lock: this target's unary replies (or its failure), until every target has answered. */
        final List<Message> collected = new ArrayList<>();
        /** Under the lock: streamed replies, asked for as the caller takes them. */
        final Demand demand;
        boolean closed;

        Branch(String target, ClientCall<Q, R> upstream) {
            this.target = target;
            this.upstream = upstream;
            this.demand = new Demand(call::isReady, () -> upstream.request(1));
        }

        @Override
        public void onMessage(R reply) {
            Message named = replies.named((Message) reply, target);
            synchronized (lock) {
                if (!replies.streamed()) {
                    collected.add(named);
                    upstream.request(1);
                    return;
                }
                send(named);
                demand.passedOn();
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
                closed = true;
                if (!status.isOk()) {
                    Message failure = replies.failure(target, status, trailers);
                    if (replies.streamed()) {
                        send(failure);
                    } else {
                        collected.add(failure);
                    }
                }
                if (--open == 0) {
                    finish();
                }
            }
        }
    }
}
