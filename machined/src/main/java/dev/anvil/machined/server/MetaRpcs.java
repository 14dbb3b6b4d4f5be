package dev.anvil.machined.server;

import dev.anvil.api.machine.MetaDelete;
import dev.anvil.api.machine.MetaDeleteRequest;
import dev.anvil.api.machine.MetaDeleteResponse;
import dev.anvil.api.machine.MetaWrite;
import dev.anvil.api.machine.MetaWriteRequest;
import dev.anvil.api.machine.MetaWriteResponse;
import dev.anvil.machined.storage.Meta;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.IOException;

/** MetaWrite and MetaDelete: one key of the node's META, as Talos checks and answers them. */
final class MetaRpcs {
    private final Meta meta;

    /** {@code meta} is null on a node that has none. */
    MetaRpcs(Meta meta) {
        this.meta = meta;
    }

    private interface Change {
        boolean apply(int key) throws IOException;
    }

    void write(MetaWriteRequest request, StreamObserver<MetaWriteResponse> response) {
        change(request.getKey(), response, key -> meta.write(key, request.getValue().toByteArray()),
                Status.RESOURCE_EXHAUSTED.withDescription("meta write failed: the value does not fit in META"),
                MetaWriteResponse.newBuilder().addMessages(MetaWrite.newBuilder().setMetadata(MachineServer.node()))
                        .build());
    }

    void delete(MetaDeleteRequest request, StreamObserver<MetaDeleteResponse> response) {
        change(request.getKey(), response, key -> meta.delete(key),
                Status.NOT_FOUND.withDescription("meta key not found"),
                MetaDeleteResponse.newBuilder().addMessages(MetaDelete.newBuilder()
                        .setMetadata(MachineServer.node())).build());
    }

    private <T> void change(int key, StreamObserver<T> response, Change change, Status refused, T reply) {
        if (meta == null) {
            response.onError(Status.UNIMPLEMENTED.withDescription("this node has no META").asRuntimeException());
            return;
        }
        // the key travels as uint32, META keeps a byte; 0 ends META's list, so no value can be stored under it
        if (key < 1 || key > 255) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("key must be a uint8 from 1 to 255, not "
                    + Integer.toUnsignedString(key)).asRuntimeException());
            return;
        }
        try {
            if (!change.apply(key)) {
                response.onError(refused.asRuntimeException());
                return;
            }
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("META could not be written: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }
}
