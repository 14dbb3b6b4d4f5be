package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.BootSlot;
import dev.anvil.api.machine.Rollback;
import dev.anvil.api.machine.RollbackRequest;
import dev.anvil.api.machine.RollbackResponse;
import dev.anvil.api.machine.Upgrade;
import dev.anvil.api.machine.UpgradeResponse;
import dev.anvil.api.upgrade.UploadRequest;
import dev.anvil.machined.sequencer.SequenceLockedException;
import dev.anvil.machined.upgrade.BootSlots;
import dev.anvil.machined.upgrade.Upgrades;
import dev.anvil.machinery.upgrade.Bundle;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The upgrade RPCs: anvil.upgrade.UpgradeService/Upload (a bundle streamed in), MachineService.Rollback, and the
 * boot slots MachineService.Version reports.
 */
final class UpgradeRpcs {
    private final Upgrades upgrades;

    /** {@code upgrades} is null on a node that cannot be upgraded. */
    UpgradeRpcs(Upgrades upgrades) {
        this.upgrades = upgrades;
    }

    StreamObserver<UploadRequest> upload(StreamObserver<UpgradeResponse> response) {
        var call = (ServerCallStreamObserver<UpgradeResponse>) response;
        call.disableAutoRequest();
        UploadStream<UploadRequest> upload = new UploadStream<>(() -> call.request(1), UploadRequest.class,
                r -> r.hasChunk() ? r.getChunk() : ByteString.EMPTY);
        call.request(1);
        Thread.ofVirtual().name("upgrade upload").start(() -> {
            try {
                if (upgrades == null) {
                    throw Status.UNIMPLEMENTED.withDescription("this node has no boot slots to upgrade")
                            .asRuntimeException();
                }
                UploadRequest header = upload.awaitHeader(UploadRequest::hasOptions);
                boolean stage = header != null && header.getOptions().getStage();
                Upgrades.Installed done = upgrades.upload(upload, stage);
                upload.transferTo(java.io.OutputStream.nullOutputStream());
                response.onNext(UpgradeResponse.newBuilder().addMessages(Upgrade.newBuilder()
                        .setMetadata(MachineServer.node()).setActorId(done.actorId())
                        .setAck("Upgrade request received: " + done.version() + " written to slot " + done.slot()
                                + (stage ? ", booting it at the next reboot" : ", rebooting into it"))).build());
                response.onCompleted();
            } catch (UploadStream.Cancelled e) {
                upload.abandon();
            } catch (Bundle.Refused e) {
                upload.abandon();
                response.onError(Status.INVALID_ARGUMENT.withDescription("upgrade refused: " + e.getMessage())
                        .asRuntimeException());
            } catch (SequenceLockedException e) {
                upload.abandon();
                response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
            } catch (io.grpc.StatusRuntimeException e) {
                upload.abandon();
                response.onError(e);
            } catch (Exception e) {
                upload.abandon();
                response.onError(Status.INTERNAL.withDescription("upgrade failed: " + e.getMessage())
                        .asRuntimeException());
            }
        });
        return upload;
    }

    void rollback(RollbackRequest request, StreamObserver<RollbackResponse> response) {
        if (upgrades == null) {
            response.onError(Status.UNIMPLEMENTED.withDescription("this node has no boot slots to roll back")
                    .asRuntimeException());
            return;
        }
        try {
            upgrades.rollback();
            response.onNext(RollbackResponse.newBuilder().addMessages(Rollback.newBuilder()
                    .setMetadata(MachineServer.node())).build());
            response.onCompleted();
        } catch (IllegalStateException | SequenceLockedException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("rollback failed: " + e.getMessage())
                    .asRuntimeException());
        }
    }

    /** The slots for Version: none on a node without them. */
    List<BootSlot> slots() {
        List<BootSlot> out = new ArrayList<>();
        if (upgrades == null) {
            return out;
        }
        try {
            BootSlots slots = upgrades.slots();
            String running = slots.running();
            String byDefault = slots.defaultLabel();
            String next = slots.next().orElse("");
            String why = slots.rolledBack().orElse("");
            for (BootSlots.Slot slot : slots.slots()) {
                out.add(BootSlot.newBuilder().setLabel(slot.label()).setVersion(slot.version())
                        .setRunning(slot.label().equals(running)).setDefault(slot.label().equals(byDefault))
                        .setNext(slot.label().equals(next))
                        .setRolledBack(slot.label().equals(BootSlots.other(byDefault)) ? why : "").build());
            }
        } catch (IOException e) {
            // Version still answers; the slots are left out
        }
        return out;
    }
}
