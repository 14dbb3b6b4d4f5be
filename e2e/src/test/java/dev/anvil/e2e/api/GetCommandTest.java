package dev.anvil.e2e.api;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machinery.client.RemoteState;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** anvilctl get against the nodes of a running cluster: the node's COSI state through its published definitions. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class GetCommandTest {
    private final SharedCluster cluster;
    private final ClusterState.Node first;

    GetCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
        this.first = cluster.nodes().getFirst();
    }

    @Test
    void get_machineStatusByAlias_printsTalosTable() {
        for (String alias : List.of("ms", "machinestatus", "MachineStatuses", "machinestatuses.runtime.talos.dev")) {
            var result = ok(cluster.anvilctl("get", alias));
            List<String> lines = result.lines().toList();
            assertThat(lines.getFirst().split(" +")).as(alias)
                    .containsExactly("NODE", "NAMESPACE", "TYPE", "ID", "VERSION", "STAGE", "READY");
            assertThat(lines.get(1).split(" +")).as(alias)
                    .containsExactly(first.ip(), "runtime", "MachineStatus", "machine", version(lines.get(1)),
                            "running", "true");
        }
    }

    @Test
    void get_oneResource_asJson_parses() {
        String json = ok(cluster.anvilctl("get", "machinestatus", "machine", "-o", "json"));
        Map<String, Object> data = map(new Load(LoadSettings.builder().build()).loadFromString(json));
        assertThat(data.get("node")).isEqualTo(first.ip());
        assertThat(map(data.get("metadata"))).containsEntry("id", "machine").containsEntry("namespace", "runtime")
                .containsEntry("type", MachineStatus.TYPE).containsEntry("owner", "runtime.MachineStatusController");
        assertThat(map(data.get("spec"))).containsEntry("stage", "running");
        assertThat(map(map(data.get("spec")).get("status"))).containsEntry("ready", true);
    }

    @Test
    void get_definitions_asYaml_areDocumentsPerResource() {
        String yaml = ok(cluster.anvilctl("get", "rd", "-o", "yaml"));
        List<Map<String, Object>> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(yaml).forEach(d -> documents.add(map(d)));
        assertThat(documents).allSatisfy(d -> assertThat(d).containsOnlyKeys("node", "metadata", "spec"));
        Map<String, Object> services = documents.stream().map(d -> map(d.get("spec")))
                .filter(s -> s.get("type").equals("Services.v1alpha1.talos.dev")).findFirst().orElseThrow();
        assertThat(services).containsEntry("displayType", "Service").containsEntry("defaultNamespace", "runtime")
                .containsEntry("aliases", List.of("svc", "service"));
        assertThat(documents).extracting(d -> map(d.get("metadata")).get("id"))
                .contains("machineconfigs.config.talos.dev", "namespaces.meta.cosi.dev",
                        "resourcedefinitions.meta.cosi.dev");
    }

    @Test
    void get_servicesAndNamespaces_resolve() {
        assertThat(ok(cluster.anvilctl("get", "svc")).lines().findFirst().orElseThrow().split(" +"))
                .containsExactly("NODE", "NAMESPACE", "TYPE", "ID", "VERSION", "RUNNING", "HEALTHY", "HEALTH",
                        "UNKNOWN");
        assertThat(ok(cluster.anvilctl("get", "namespaces"))).contains("runtime").contains("config")
                .contains("meta");
        assertThat(ok(cluster.anvilctl("get", "rd"))).contains("services.v1alpha1.talos.dev")
                .contains("svc service");
    }

    @Test
    void get_machineConfigAsAdmin_printsTheDocuments() {
        String yaml = ok(cluster.anvilctl("get", "mc", "v1alpha1", "-o", "yaml"));
        Map<String, Object> document = map(new Load(LoadSettings.builder().build()).loadFromString(yaml));
        assertThat((String) document.get("spec")).contains("version: v1alpha1").contains("machine:");
    }

    @Test
    void get_sensitiveTypeAsReader_failsClearly_butOtherTypesWork() throws Exception {
        var reader = cluster.clientConfigWithRoles("os:reader");
        var refused = cluster.anvilctlWith(reader, "get", "machineconfig");
        assertThat(refused.exitCode()).isOne();
        assertThat(refused.err()).contains("error: listing resources on node " + first.ip()
                + ": permission denied: MachineConfigs.config.talos.dev is sensitive: only os:admin may read it");
        assertThat(ok(cluster.anvilctlWith(reader, "get", "ms"))).contains("MachineStatus");
    }

    @Test
    void get_unknownType_saysSo() {
        var result = cluster.anvilctl("get", "nope");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("resource \"nope\" is not registered");
    }

    @Test
    void get_missingResource_isAnErrorForThatNode() {
        var result = cluster.anvilctl("get", "ms", "nope");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("getting resource on node " + first.ip()).contains("doesn't exist");
    }

    @Test
    void get_severalNodes_asksEachInTurn() {
        ClusterState.Node second = cluster.nodes().get(1);
        String out = ok(cluster.anvilctl("-n", first.ip() + "," + second.ip(), "get", "ms"));
        assertThat(out.lines().skip(1).map(l -> l.split(" +")[0])).containsExactly(first.ip(), second.ip());
        String byEndpoint = ok(cluster.anvilctl("-e", second.ip(), "-n", second.ip(), "get", "ms", "-o",
                "jsonpath={.spec.stage}"));
        assertThat(byEndpoint).isEqualTo("running\n");
    }

    @Test
    void watch_printsTheCurrentResources_thenRunsUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watch = Thread.ofVirtual().start(() -> exit.set(cluster.anvilctl(cluster.clientConfig(),
                new PrintWriter(out, true), new PrintWriter(err, true), "get", "ms", "--watch")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(out.toString().lines().toList()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(watch.isAlive()).as("the watch keeps running").isTrue();
        watch.interrupt();
        assertThat(watch.join(Duration.ofSeconds(10))).as("ended on interrupt").isTrue();
        assertThat(exit.get()).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst().split(" +")).containsExactly("NODE", "*", "NAMESPACE", "TYPE", "ID", "VERSION",
                "STAGE", "READY");
        assertThat(lines.get(1).split(" +")).startsWith(first.ip(), "+", "runtime", "MachineStatus", "machine");
    }

    @Test
    void watch_ofOneResource_asYaml_namesTheEvent() throws Exception {
        StringWriter out = new StringWriter();
        Thread watch = Thread.ofVirtual().start(() -> cluster.anvilctl(cluster.clientConfig(),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "get", "ms", "machine", "-w",
                "-o", "yaml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("stage: running"));
        watch.interrupt();
        watch.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(out.toString()).startsWith("node: " + first.ip() + "\nevent: created\nmetadata:\n");
    }

    @Test
    void writesThroughTheStateApi_areRefused() throws Exception {
        ManagedChannel channel = ApiChannels.mutual(cluster.adminContext(), first.ip());
        try {
            RemoteState state = new RemoteState(channel, RuntimeResources.register(ResourceTypes.meta()));
            Resource<?> current = state.get(MachineStatus.POINTER);
            var refused = catchThrowableOfType(StatusRuntimeException.class, () -> state.update(current));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(refused.getStatus().getDescription()).isEqualTo("write access is not allowed");
            var destroy = catchThrowableOfType(StatusRuntimeException.class,
                    () -> state.destroy(MachineStatus.POINTER, ""));
            assertThat(destroy.getStatus().getDescription()).isEqualTo("write access is not allowed");
            assertThat(state.get(MachineStatus.POINTER).metadata().version())
                    .isEqualTo(current.metadata().version());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    /** The VERSION cell of a row: whatever version the resource is at. */
    private static String version(String row) {
        return row.split(" +")[4];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
