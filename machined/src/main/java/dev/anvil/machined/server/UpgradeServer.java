package dev.anvil.machined.server;

import dev.anvil.api.machine.UpgradeResponse;
import dev.anvil.api.upgrade.UploadRequest;
import dev.anvil.api.upgrade.UpgradeServiceGrpc;
import io.grpc.stub.StreamObserver;

/** anvil.upgrade.UpgradeService: the bundle upload, served by the machine server's {@link UpgradeRpcs}. */
final class UpgradeServer extends UpgradeServiceGrpc.UpgradeServiceImplBase {
    private final UpgradeRpcs upgrades;

    UpgradeServer(UpgradeRpcs upgrades) {
        this.upgrades = upgrades;
    }

    @Override
    public StreamObserver<UploadRequest> upload(StreamObserver<UpgradeResponse> response) {
        return upgrades.upload(response);
    }
}
