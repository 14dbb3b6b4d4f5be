package dev.anvil.machined.server.files;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;

import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Bytes written become Data messages of {@code size} bytes (the last one shorter), each sent once full. A cancelled
 * call surfaces as an InterruptedIOException from write or close, with the thread's interrupt flag set.
 */
final class ChunkedOutput extends OutputStream {
    private final Sink<Data> sink;
    private final byte[] chunk;
    private int filled;

    ChunkedOutput(Sink<Data> sink, int size) {
        this.sink = sink;
        this.chunk = new byte[size];
    }

    @Override
    public void write(int b) throws InterruptedIOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws InterruptedIOException {
        while (length > 0) {
            int n = Math.min(length, chunk.length - filled);
            System.arraycopy(bytes, offset, chunk, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == chunk.length) {
                send();
            }
        }
    }

    /** Sends what is left. */
    @Override
    public void close() throws InterruptedIOException {
        if (filled > 0) {
            send();
        }
    }

    private void send() throws InterruptedIOException {
        try {
            sink.send(Data.newBuilder().setBytes(ByteString.copyFrom(chunk, 0, filled)).build());
            filled = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var cancelled = new InterruptedIOException(e.getMessage());
            cancelled.initCause(e);
            throw cancelled;
        }
    }
}
