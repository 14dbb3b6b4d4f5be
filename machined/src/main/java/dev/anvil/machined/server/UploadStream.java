package dev.anvil.machined.server;

import dev.anvil.api.common.ContainerdInstance;
import dev.anvil.api.machine.ImageServiceImportRequest;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An image upload as an input stream: the request stream's chunks, read by the import as they come. gRPC hands over
 * a message only when one is requested ({@code more}), and one is requested each time the reader has used up the
 * chunk before, so at most one chunk waits in memory. The first message may name the containerd namespace.
 */
final class UploadStream extends InputStream implements StreamObserver<ImageServiceImportRequest> {
    /** The client went away (or sent an error) before the end of the upload. */
    static final class Cancelled extends IOException {
        Cancelled(String message) {
            super(message);
        }
    }

    private static final Object END = new Object();

    private final Runnable more;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private ContainerdInstance instance = ContainerdInstance.getDefaultInstance();
    private byte[] chunk = new byte[0];
    private int at;
    private boolean ended;
    private volatile boolean abandoned;

    UploadStream(Runnable more) {
        this.more = more;
    }

    @Override
    public void onNext(ImageServiceImportRequest value) {
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

    /** The namespace the first message names (the default one when it is a chunk already). */
    ContainerdInstance awaitInstance() throws IOException {
        Object first = take();
        if (first instanceof ImageServiceImportRequest r && r.hasContainerd()) {
            instance = r.getContainerd();
            more.run();
        } else {
            accept(first);
        }
        return instance;
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
            case ImageServiceImportRequest r -> {
                chunk = r.hasImageChunk() ? r.getImageChunk().getBytes().toByteArray() : new byte[0];
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
