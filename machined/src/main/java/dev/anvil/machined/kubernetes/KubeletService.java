package dev.anvil.machined.kubernetes;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.containerd.ContainerdService;
import dev.anvil.machined.services.HealthCheck;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.resources.k8s.KubeletSpec;
import dev.anvil.sys.ProcessSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The kubelet, run by the supervisor as service {@value #ID} once the CRI ({@value ContainerdService#ID}) is up, with the
 * flags of the node's {@code KubeletSpec} (its preparation waits for one). No registry serves a kubelet here: the
 * binary is supplied to the node or image ({@value #DEFAULT_BINARY}, or {@code -Danvil.kubelet.path}); without it
 * the service is skipped, once, with a message saying where it looked, which {@code anvilctl health} shows. Healthy
 * when its healthz endpoint answers, as Talos checks it.
 *
 * <p>A kubelet without its binary is skipped before its dependencies are looked at.
 */
public final class KubeletService {
    public static final String ID = "kubelet";
    public static final String DEFAULT_BINARY = "/usr/local/bin/kubelet";

    private KubeletService() {
    }

    /** The binary a node runs: {@code -Danvil.kubelet.path} when set, else {@value #DEFAULT_BINARY}. */
    public static Path binary() {
        return Path.of(System.getProperty("anvil.kubelet.path", DEFAULT_BINARY));
    }

    /** Why the kubelet cannot run here, if it cannot. */
    public static Optional<String> missing(Path binary) {
        return Files.isRegularFile(binary) && Files.isExecutable(binary) ? Optional.empty()
                : Optional.of("kubelet binary not found at " + binary);
    }

    public static ServiceSpec spec(Path binary, State state) {
        return ServiceSpec.of(ID, ProcessSpec.of(binary.toString()))
                .dependingOn(ContainerdService.ID)
                .skippedWhen(() -> missing(binary))
                .preparedBy((declared, preparing) -> {
                    KubeletSpec spec;
                    while ((spec = current(state)) == null) {
                        if (preparing.stopRequested()) {
                            return null;
                        }
                        preparing.say("waiting for the kubelet spec");
                        Thread.sleep(500);
                    }
                    Files.createDirectories(Path.of("/var/lib/kubelet"));
                    return new ProcessSpec(declared.path(), spec.args(), declared.env(), declared.output(),
                            declared.newSession());
                })
                .withHealth(new HealthCheck(KubeletService::healthz, Duration.ofSeconds(5)));
    }

    /** Registers the service and starts it (it skips itself when the binary is missing). */
    public static void start(Supervisor supervisor, State state) {
        supervisor.register(spec(binary(), state));
        supervisor.start(ID);
    }

    private static KubeletSpec current(State state) {
        try {
            Resource<KubeletSpec> r = state.get(KubeletSpec.POINTER, KubeletSpec.class);
            return r.spec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static void healthz() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:10248/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("healthz answered " + response.statusCode() + ": " + response.body());
            }
        }
    }
}
