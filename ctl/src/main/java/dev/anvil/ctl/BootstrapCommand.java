package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.EtcdRecoverResponse;
import dev.anvil.ctl.api.ApiSession;
import io.grpc.stub.StreamObserver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** anvilctl bootstrap: one control plane creates the etcd cluster, optionally from a snapshot. */
@Command(name = "bootstrap", description = {"Bootstrap the etcd cluster on the specified node.",
        "When a cluster is created, etcd on the control planes waits to join the members of other control planes. "
                + "One node is picked as the bootstrap node: this command has it create the etcd cluster as a "
                + "single-member cluster, which the other control planes then join. The etcd cluster can be "
                + "recovered from a known snapshot with --recover-from."})
final class BootstrapCommand implements Callable<Integer> {
    private static final int CHUNK = 1 << 20;

    @Spec
    CommandSpec spec;
    @Option(names = "--recover-from", paramLabel = "FILE", description = "Recover etcd cluster from the snapshot.")
    Path recoverFrom;
    @Option(names = "--recover-skip-hash-check", description = "Skip integrity check when recovering etcd (use when "
            + "recovering from data directory copy).")
    boolean skipHashCheck;

    @Override
    public Integer call() throws Exception {
        try (ApiSession api = ReadCommand.openOne(spec, "bootstrap")) {
            if (recoverFrom != null) {
                upload(api, recoverFrom);
            }
            var replies = api.machine().bootstrap(BootstrapRequest.newBuilder().setRecoverEtcd(recoverFrom != null)
                    .setRecoverSkipHashCheck(skipHashCheck).build());
            return NodeReplies.of(api, replies.getMessagesList(), spec.commandLine().getErr()).exitCode();
        }
    }

    /** Uploads the snapshot (EtcdRecover) for the bootstrap to recover from. */
    private void upload(ApiSession api, Path snapshot) throws Exception {
        long size = Files.size(snapshot);
        spec.commandLine().getOut().printf("recovering from snapshot \"%s\" (%d bytes)%n", snapshot, size);
        CompletableFuture<EtcdRecoverResponse> done = new CompletableFuture<>();
        StreamObserver<Data> upload = api.machineAsync().etcdRecover(new StreamObserver<>() {
            @Override
            public void onNext(EtcdRecoverResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(EtcdRecoverResponse.getDefaultInstance());
            }
        });
        try (InputStream in = Files.newInputStream(snapshot)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0 && !done.isDone()) {
                upload.onNext(Data.newBuilder().setBytes(ByteString.copyFrom(buffer, 0, n)).build());
            }
        }
        upload.onCompleted();
        try {
            done.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
