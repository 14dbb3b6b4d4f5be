package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.storage.Disk;
import dev.anvil.api.storage.Disks;
import dev.anvil.api.storage.DisksResponse;
import dev.anvil.api.storage.StorageServiceGrpc;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import io.grpc.stub.StreamObserver;

/**
 * {@code storage.StorageService}: {@code Disks} lists the node's disks, from the {@code Disk} resources the block
 * controllers publish (the same as {@code get disks}, in the older message). The disk type is Talos's guess from
 * the transport and rotation: nvme, CD, SD card (mmc), else SSD or HDD. {@code name} (sysfs's
 * {@code device/name}, which few devices have) is left empty.
 */
public final class StorageServer extends StorageServiceGrpc.StorageServiceImplBase {
    private final State state;

    public StorageServer(State state) {
        this.state = state;
    }

    @Override
    @SuppressWarnings("deprecation") // Talos marks Metadata deprecated, yet every reply still carries it
    public void disks(Empty request, StreamObserver<DisksResponse> response) {
        Disks.Builder disks = Disks.newBuilder().setMetadata(Metadata.newBuilder()
                .setHostname(dev.anvil.sys.Hostname.get()));
        for (Resource<?> raw : state.list(dev.anvil.machinery.resources.block.Disk.KIND)) {
            var disk = raw.as(dev.anvil.machinery.resources.block.Disk.class).spec();
            disks.addDisks(Disk.newBuilder().setSize(disk.size()).setModel(disk.model())
                    .setDeviceName(disk.devPath()).setSerial(disk.serial())
                    .setModalias(disk.modalias()).setUuid(disk.uuid()).setWwid(disk.wwid()).setType(type(disk))
                    .setBusPath(disk.busPath()).setSubsystem(disk.subSystem()).setReadonly(disk.readonly()));
        }
        response.onNext(DisksResponse.newBuilder().addMessages(disks).build());
        response.onCompleted();
    }

    static Disk.DiskType type(dev.anvil.machinery.resources.block.Disk disk) {
        if (disk.cdrom()) {
            return Disk.DiskType.CD;
        }
        return switch (disk.transport()) {
            case "nvme" -> Disk.DiskType.NVME;
            case "mmc" -> Disk.DiskType.SD;
            default -> disk.rotational() ? Disk.DiskType.HDD : Disk.DiskType.SSD;
        };
    }
}
