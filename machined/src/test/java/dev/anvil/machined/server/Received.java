package dev.anvil.machined.server;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** What a server stream sent a test: its messages as they come, how it ended, and a way to cancel it. */
final class Received<Q, M> implements ClientResponseObserver<Q, M> {
    final List<M> messages = new CopyOnWriteArrayList<>();
    /** Completes with OK or the status the stream failed with. */
    final CompletableFuture<Status> end = new CompletableFuture<>();
    /** How many messages the client asks for at first; negative: all, as they come (gRPC's automatic flow). */
    private final int initial;
    private volatile ClientCallStreamObserver<Q> call;

    Received() {
        this(-1);
    }

    /** A slow client: it asks for {@code initial} messages, then for more only through {@link #request(int)}. */
    Received(int initial) {
        this.initial = initial;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.call = requestStream;
        if (initial >= 0) {
            requestStream.disableAutoRequestWithInitial(initial);
        }
    }

    void request(int n) {
        call.request(n);
    }

    @Override
    public void onNext(M value) {
        messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
        end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        end.complete(Status.OK);
    }

    /** Waits until at least {@code n} messages came. */
    Received<Q, M> awaitCount(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= n);
        return this;
    }

    Status awaitEnd() throws Exception {
        return end.get(10, TimeUnit.SECONDS);
    }

    void cancel() {
        call.cancel("the test is done", null);
    }
}
