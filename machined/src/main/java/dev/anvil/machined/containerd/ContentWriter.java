package dev.anvil.machined.containerd;

import com.google.protobuf.ByteString;
import dev.anvil.api.containerd.content.WriteAction;
import dev.anvil.api.containerd.content.WriteContentRequest;
import dev.anvil.api.containerd.content.WriteContentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes one blob into containerd's content store through the Write stream: a write per chunk, each answered before
 * the next is sent (so memory stays at one chunk, however large the blob), then a commit with the expected digest
 * and size, which containerd verifies. A blob the store already has counts as written.
 */
final class ContentWriter {
    static final int CHUNK = 1 << 20;
    private static final Object END = new Object();

    private ContentWriter() {
    }

    static void write(Containerd.Namespace namespace, String digest, long size, InputStream data,
            Map<String, String> labels) throws IOException, InterruptedException {
        LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
        StreamObserver<WriteContentRequest> requests = namespace.contentAsync().write(new StreamObserver<>() {
            @Override
            public void onNext(WriteContentResponse value) {
                replies.add(value);
            }

            @Override
            public void onError(Throwable t) {
                replies.add(t);
            }

            @Override
            public void onCompleted() {
                replies.add(END);
            }
        });
        String ref = "anvil-import-" + UUID.randomUUID();
        try {
            long offset = 0;
            byte[] buffer = new byte[CHUNK];
            while (true) {
                int n = data.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    break;
                }
                requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref)
                        .setTotal(size).setExpected(digest).setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, n)).build());
                offset += n;
                if (!answered(replies)) {
                    return;
                }
            }
            if (offset != size) {
                throw new IOException("blob " + digest + " has " + offset + " bytes, not " + size);
            }
            requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setTotal(size)
                    .setExpected(digest).setOffset(offset).putAllLabels(labels).build());
            if (answered(replies)) {
                requests.onCompleted();
            }
        } catch (RuntimeException | IOException | InterruptedException e) {
            requests.onError(Status.CANCELLED.withDescription("import failed").asRuntimeException());
            throw e;
        }
    }

    /** Waits for the reply to one request: true when it came, false when the blob is there already. */
    private static boolean answered(LinkedBlockingQueue<Object> replies) throws InterruptedException, IOException {
        Object reply = replies.poll(2, TimeUnit.MINUTES);
        return switch (reply) {
            case WriteContentResponse r -> true;
            case StatusRuntimeException e when e.getStatus().getCode() == Status.Code.ALREADY_EXISTS -> false;
            case Throwable t -> throw new IOException("containerd refused the blob: " + t.getMessage(), t);
            case null -> throw new IOException("containerd did not answer a content write in 2 minutes");
            default -> throw new IOException("containerd ended the content write early");
        };
    }
}
