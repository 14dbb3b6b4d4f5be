package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.kubernetes.ClusterSettings;
import dev.anvil.machined.kubernetes.Kubeconfigs;
import dev.anvil.machined.server.files.SingleFileArchive;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * MachineService.Kubeconfig, as Talos's: on a control plane, a fresh admin kubeconfig for the cluster endpoint (a
 * client certificate of {@code system:masters} from the Kubernetes CA, valid for
 * {@code cluster.adminKubeconfig.certLifetime}, a year by default), sent as a gzip-compressed tar archive holding one
 * file, {@code kubeconfig}, as Copy sends files. Elsewhere FAILED_PRECONDITION says why.
 */
final class KubeconfigRpc {
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);
    private static final int CHUNK = 64 * 1024;

    private final State state;

    KubeconfigRpc(State state) {
        this.state = state;
    }

    void kubeconfig(StreamObserver<Data> response) {
        V1Alpha1 config;
        try {
            String text = MachineConfig.documents(state.get(MachineConfig.ACTIVE));
            config = ConfigLoader.load(text, false).config().v1alpha1().orElse(null);
        } catch (NotFoundException e) {
            config = null;
        }
        var root = config == null ? null : ClusterSettings.root(new ConfigBundle(List.of(config))).orElse(null);
        if (root == null) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("kubeconfig is only available on control"
                    + " planes that hold the Kubernetes CA (this node's config has none)").asRuntimeException());
            return;
        }
        Instant now = Instant.now();
        String kubeconfig = Kubeconfigs.generate(root.name(), root.endpoint().fullPath(), root.issuingCA().authority(),
                root.acceptedCAs(), Kubeconfigs.Identity.ADMIN, lifetime(config), now);
        byte[] archive = SingleFileArchive.tarGz("kubeconfig", kubeconfig.getBytes(StandardCharsets.UTF_8), 0600, now);
        for (int offset = 0; offset < archive.length; offset += CHUNK) {
            response.onNext(Data.newBuilder().setBytes(ByteString.copyFrom(archive, offset,
                    Math.min(CHUNK, archive.length - offset))).build());
        }
        response.onCompleted();
    }

    private static Duration lifetime(V1Alpha1 config) {
        var admin = config.cluster().adminKubeconfig();
        if (admin == null || admin.certLifetime() == null || admin.certLifetime().isBlank()) {
            return DEFAULT_LIFETIME;
        }
        return GoTime.parseDuration(admin.certLifetime());
    }
}
