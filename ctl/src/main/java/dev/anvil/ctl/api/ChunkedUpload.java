package dev.anvil.ctl.api;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A file sent over a client-streaming call: a header message, then the file in 1 MiB chunks, each sent when the
 * transport is ready for it (so a slow node holds the client back rather than its memory filling), then the reply.
 */
public final class ChunkedUpload {
    private static final int CHUNK = 1 << 20;

    private ChunkedUpload() {
    }

    /**
     * Opens the call with {@code start}, sends {@code header} then the file's chunks as {@code chunk} makes them, and
     * returns the reply; a failure of the call is thrown as the call's own exception.
     */
    public static <Q, R> R send(Function<StreamObserver<R>, StreamObserver<Q>> start, Q header,
            Function<ByteString, Q> chunk, Path file, R empty, Duration timeout)
            throws Exception {
        CompletableFuture<R> done = new CompletableFuture<>();
        Semaphore ready = new Semaphore(0);
        var observer = new ClientResponseObserver<Q, R>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Q> requests) {
                requests.setOnReadyHandler(ready::release);
            }

            @Override
            public void onNext(R value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
                ready.release();
            }

            @Override
            public void onCompleted() {
                done.complete(empty);
            }
        };
        @SuppressWarnings("unchecked")
        var upload = (ClientCallStreamObserver<Q>) start.apply(observer);
        if (header != null) {
            upload.onNext(header);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0 && !done.isDone()) {
                while (!upload.isReady() && !done.isDone()) {
                    ready.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
                upload.onNext(chunk.apply(ByteString.copyFrom(buffer, 0, n)));
            }
        }
        upload.onCompleted();
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no reply to the upload within " + timeout);
        }
    }
}
