package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.WatchResponse;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.Watch;
import dev.anvil.machinery.proto.EventMessages;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams one state {@link Watch} to a Watch call, from a virtual thread that pulls the watch. It sends only while
 * the transport is ready, so a slow client holds this thread back (and eventually overruns its watch's history,
 * which ends the watch with Errored) instead of filling the server's memory. The client cancelling the call closes
 * the watch, which ends the thread.
 *
 * <p>Clients below API version 1 do not know Bootstrapped and Errored events, so they are not sent to them; such a
 * client sees an errored watch end as the end of the stream.
 */
final class WatchSender {
    private final ServerCallStreamObserver<WatchResponse> call;
    private final Watch watch;
    private final int apiVersion;
    private final boolean onePerResponse;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readyOrCancelled = lock.newCondition();

    /** Must run inside the call's handler: gRPC only takes the cancel and ready handlers there. */
    WatchSender(ServerCallStreamObserver<WatchResponse> call, Watch watch, int apiVersion, boolean onePerResponse) {
        this.call = call;
        this.watch = watch;
        this.apiVersion = apiVersion;
        this.onePerResponse = onePerResponse;
        call.setOnCancelHandler(() -> {
            watch.close();
            signal();
        });
        call.setOnReadyHandler(this::signal);
    }

    void start(String name) {
        Thread.ofVirtual().name("watch " + name).start(this::run);
    }

    private void run() {
        try {
            boolean errored = false;
            while (!errored && !call.isCancelled()) {
                List<Event> events = watch.next();
                if (events.isEmpty() && watch.isClosed()) {
                    break;
                }
                List<dev.anvil.api.cosi.resource.Event> batch = new ArrayList<>(events.size());
                for (Event event : events) {
                    errored |= event instanceof Event.Errored;
                    if (apiVersion >= 1 || !(event instanceof Event.Bootstrapped || event instanceof Event.Errored)) {
                        batch.add(EventMessages.toProto(event));
                    }
                }
                send(batch);
            }
            if (!call.isCancelled()) {
                call.onCompleted();
            }
        } catch (InterruptedException e) {
            call.onError(Status.CANCELLED.withDescription("the watch was interrupted").asRuntimeException());
        } catch (RuntimeException e) {
            call.onError(Status.INTERNAL.withDescription("watch failed: " + e.getMessage()).withCause(e)
                    .asRuntimeException());
        } finally {
            watch.close();
        }
    }

    private void send(List<dev.anvil.api.cosi.resource.Event> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        if (onePerResponse) {
            for (var event : batch) {
                awaitReady();
                call.onNext(WatchResponse.newBuilder().addEvent(event).build());
            }
        } else {
            awaitReady();
            call.onNext(WatchResponse.newBuilder().addAllEvent(batch).build());
        }
    }

    private void awaitReady() throws InterruptedException {
        lock.lock();
        try {
            while (!call.isReady() && !call.isCancelled()) {
                readyOrCancelled.await();
            }
        } finally {
            lock.unlock();
        }
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
