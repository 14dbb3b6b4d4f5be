package dev.anvil.machinery.client;

import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.cosi.resource.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One Watch call of a {@link RemoteWatch}: the first response only says the subscription is live; the others go to
 * the watch. Responses are requested by hand (a window that the reader's consumption refills).
 */
final class WatchStream implements ClientResponseObserver<WatchRequest, WatchResponse> {
    private static final int WINDOW = 16;

    private final RemoteWatch watch;
    private volatile ClientCallStreamObserver<WatchRequest> call;
    /** Guarded by the watch's lock. */
    boolean established;
    private boolean handshakeSeen;  // only touched by gRPC's serialized callbacks

    WatchStream(RemoteWatch watch) {
        this.watch = watch;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
    }

    @Override
    public void onNext(WatchResponse response) {
        if (!handshakeSeen) {
            handshakeSeen = true;
            call.request(WINDOW);
            watch.established(this);
            return;
        }
        watch.received(this, response);
    }

    @Override
    public void onError(Throwable t) {
        watch.failed(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        watch.completed(this);
    }

    void request(int responses) {
        call.request(responses);
    }

    void cancel(String why) {
        call.cancel(why, null);
    }
}
