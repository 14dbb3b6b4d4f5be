package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.ContainerdInstance;
import dev.anvil.api.machine.ImageServiceGrpc;
import dev.anvil.api.machine.ImageServiceImportRequest;
import dev.anvil.api.machine.ImageServiceImportResponse;
import dev.anvil.api.machine.ImageServiceListRequest;
import dev.anvil.api.machine.ImageServiceListResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Talos's image service: List the images of a containerd namespace, and Import an image tarball streamed in chunks
 * (the first message names the namespace, as talosctl sends it). The upload is read as fast as containerd takes it:
 * one chunk is requested from the client after the import has used the one before.
 */
final class ImageServer extends ImageServiceGrpc.ImageServiceImplBase {
    private final ContainerRpcs containers;

    ImageServer(ContainerRpcs containers) {
        this.containers = containers;
    }

    @Override
    public void list(ImageServiceListRequest request, StreamObserver<ImageServiceListResponse> response) {
        try {
            containers.images(request.getContainerd()).forEach(response::onNext);
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(ContainerRpcs.fromContainerd(e));
        }
    }

    @Override
    public StreamObserver<ImageServiceImportRequest> import_(StreamObserver<ImageServiceImportResponse> response) {
        var call = (ServerCallStreamObserver<ImageServiceImportResponse>) response;
        call.disableAutoRequest();
        UploadStream<ImageServiceImportRequest> upload = new UploadStream<>(() -> call.request(1),
                ImageServiceImportRequest.class, r -> r.hasImageChunk() ? r.getImageChunk().getBytes()
                        : ByteString.EMPTY);
        call.request(1);
        Thread.ofVirtual().name("image import").start(() -> {
            try {
                ImageServiceImportRequest header = upload.awaitHeader(ImageServiceImportRequest::hasContainerd);
                ContainerdInstance instance = header == null ? ContainerdInstance.getDefaultInstance()
                        : header.getContainerd();
                ImageServiceImportResponse done = containers.importImage(instance, upload);
                response.onNext(done);
                response.onCompleted();
            } catch (StatusRuntimeException e) {
                upload.abandon();
                response.onError(ContainerRpcs.fromContainerd(e));
            } catch (IllegalArgumentException e) {
                upload.abandon();
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            } catch (UploadStream.Cancelled e) {
                upload.abandon();
            } catch (Exception e) {
                upload.abandon();
                response.onError(Status.INTERNAL.withDescription("image import failed: " + e.getMessage())
                        .asRuntimeException());
            }
        });
        return upload;
    }
}
