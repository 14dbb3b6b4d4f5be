package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An image upload as an input stream: the request stream's chunks, read by the import as they come. gRPC hands over
 * a message only when one is requested ({@code more}), and one is requested each time the reader has used up the
 * chunk before, so at most one chunk waits in memory. The first message may be a header (the image import's
 * containerd namespace, the upgrade's options) rather than a chunk.
 */
final class UploadStream<T> extends InputStream implements StreamObserver<T> {
    /** The client went away (or sent an error) before the end of the upload. */
    static final class Cancelled extends IOException {
        Cancelled(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final Runnable more;
    private final Class<T> type;
    private final Function<T, ByteString> chunkOf;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private byte[] chunk = new byte[0];
    private int at;
    private boolean ended;
    private volatile boolean abandoned;

    /** An upload of messages of this type, whose chunk (empty when none) is {@code chunkOf}. */
    UploadStream(Runnable more, Class<T> type, Function<T, ByteString> chunkOf) {
        this.more = more;
        this.type = type;
        this.chunkOf = chunkOf;
    }

    @Override
    public void onNext(T value) {
        if (!abandoned) {
            queue.add(value);
        }
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new Cancelled("the upload was cancelled: " + t.getMessage()));
    }

    @Override
    public void onCompleted() {
        queue.add(END);
    }

    /** The first message when it is a header; null when it is a chunk already (read as the upload's start). */
    T awaitHeader(Predicate<T> isHeader) throws IOException {
        Object first = take();
        if (type.isInstance(first) && isHeader.test(type.cast(first))) {
            more.run();
            return type.cast(first);
        }
        accept(first);
        return null;
    }

    /** Stops taking the upload (after a failure): what still arrives is dropped. */
    void abandon() {
        abandoned = true;
        queue.clear();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (at == chunk.length) {
            if (ended) {
                return -1;
            }
            accept(take());
        }
        int n = Math.min(length, chunk.length - at);
        System.arraycopy(chunk, at, buffer, offset, n);
        at += n;
        return n;
    }

    private void accept(Object message) throws IOException {
        switch (message) {
            case Cancelled c -> throw c;
            case Object m when type.isInstance(m) -> {
                chunk = chunkOf.apply(type.cast(m)).toByteArray();
                at = 0;
                more.run();
            }
            default -> ended = true;
        }
    }

    private Object take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled("interrupted");
        }
    }
}
