package dev.anvil.machined.containerd;

import dev.anvil.api.containerd.diff.ApplyRequest;
import dev.anvil.api.containerd.snapshots.CommitSnapshotRequest;
import dev.anvil.api.containerd.snapshots.PrepareSnapshotRequest;
import dev.anvil.api.containerd.snapshots.RemoveSnapshotRequest;
import dev.anvil.api.containerd.snapshots.StatSnapshotRequest;
import dev.anvil.api.containerd.types.Mount;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.List;
import java.util.UUID;

/**
 * Unpacks an image's layers into committed snapshots named by their chain IDs, as containerd's own unpacker does:
 * for each layer not unpacked yet, an active snapshot on its parent, the layer applied into its mounts by the diff
 * service, and a commit under the chain ID. A layer another import committed meanwhile is taken as it is.
 */
final class Unpacker {
    private final Containerd.Namespace namespace;
    private final String snapshotter;

    Unpacker(Containerd.Namespace namespace, String snapshotter) {
        this.namespace = namespace;
        this.snapshotter = snapshotter;
    }

    void unpack(OciImage image) {
        List<String> chain = image.chainIds();
        String parent = "";
        for (int i = 0; i < chain.size(); i++) {
            String id = chain.get(i);
            if (!exists(id)) {
                String key = "extract-" + UUID.randomUUID() + " " + id;
                List<Mount> mounts = namespace.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter).setKey(key).setParent(parent).build()).getMountsList();
                try {
                    namespace.diff().apply(ApplyRequest.newBuilder().setDiff(image.layers().get(i))
                            .addAllMounts(mounts).build());
                    namespace.snapshots().commit(CommitSnapshotRequest.newBuilder().setSnapshotter(snapshotter)
                            .setName(id).setKey(key).build());
                } catch (StatusRuntimeException e) {
                    remove(key);
                    if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                        throw e;
                    }
                }
            }
            parent = id;
        }
    }

    private boolean exists(String key) {
        try {
            namespace.snapshots().stat(StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key)
                    .build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private void remove(String key) {
        try {
            namespace.snapshots().remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key)
                    .build());
        } catch (StatusRuntimeException alreadyGone) {
            // the failure that brought us here is what the caller learns
        }
    }
}
