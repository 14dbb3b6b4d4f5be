package dev.anvil.machined.server;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.services.ServiceState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Logs RPC over the in-memory logs of real services. */
class LogsTest {
    private final ServedMachine node = new ServedMachine();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void logsContainers_listsTheServicesWhoseLogsAreServed_andMachinedsOwn() {
        node.run("talker", "exec sleep 30");
        node.run("other", "exec sleep 30");
        var reply = node.blocking().logsContainers(com.google.protobuf.Empty.getDefaultInstance()).getMessages(0);
        assertThat(reply.getIdsList()).containsExactlyInAnyOrder("machined", "talker", "other");
    }

    @Test
    void machined_servesMachinedsOwnLog_tailAndFollow() {
        String marker = "logs test marker " + System.nanoTime();
        Log.info(marker, "n", 1);
        assertThat(text(request("machined", 1, false))).contains(marker).endsWith("\n");

        Received<LogsRequest, Data> received = new Received<>();
        node.async().logs(request("machined", 0, true), received);
        String later = "logs test later " + System.nanoTime();
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            Log.info(later);
            assertThat(received.messages.stream().map(d -> d.getBytes().toStringUtf8())
                    .collect(Collectors.joining())).contains(later);
        });
        received.cancel();
    }

    @Test
    void tailLines_areTheLastLines_withTheirNewlines() {
        node.run("talker", "for i in 1 2 3 4 5; do echo line$i; done; exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.logs("talker").tail(-1).size() >= 5);

        assertThat(text(request("talker", 2, false))).isEqualTo("line4\nline5\n");
        assertThat(text(request("talker", -1, false))).isEqualTo("line1\nline2\nline3\nline4\nline5\n");
        assertThat(text(request("talker", 0, false))).isEmpty();
        assertThat(text(LogsRequest.newBuilder().setNamespace("system").setId("talker").setTailLines(1).build()))
                .isEqualTo("line5\n");
    }

    @Test
    void manyLines_comeInChunksOfWholeLines() {
        node.run("chatty", "i=0; while [ $i -lt 3000 ]; do echo \"line $i of many\"; i=$((i+1)); done; exec sleep 30");
        await().atMost(10, TimeUnit.SECONDS).until(() -> node.supervisor.logs("chatty").tail(-1).size() >= 3000);

        List<Data> chunks = new ArrayList<>();
        node.blocking().logs(request("chatty", -1, false)).forEachRemaining(chunks::add);
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(d -> {
            assertThat(d.getBytes().size()).isLessThanOrEqualTo(ServiceRpcs.LOG_CHUNK);
            assertThat(d.getBytes().toStringUtf8()).endsWith("\n");
        });
        String expected = IntStream.range(0, 3000).mapToObj(i -> "line " + i + " of many\n")
                .collect(Collectors.joining());
        assertThat(chunks.stream().map(d -> d.getBytes().toStringUtf8()).collect(Collectors.joining()))
                .isEqualTo(expected);
    }

    @Test
    void follow_streamsNewLines_untilTheClientCancels() throws Exception {
        Path go = dir.resolve("go");
        node.run("waiter", "echo before; while [ ! -e " + go + " ]; do sleep 0.05; done; echo after; exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.logs("waiter").tail(-1).contains("before"));

        Received<LogsRequest, Data> received = new Received<>();
        node.async().logs(request("waiter", 5, true), received);
        received.awaitCount(1);
        assertThat(received.messages.getFirst().getBytes().toStringUtf8()).isEqualTo("before\n");

        Files.createFile(go);
        received.awaitCount(2);
        assertThat(received.messages.get(1).getBytes().toStringUtf8()).isEqualTo("after\n");
        assertThat(received.end).isNotDone();

        received.cancel();
        assertThat(received.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.server.streams() == 0);
    }

    @Test
    void follow_goesOnAcrossARestart() throws Exception {
        node.run("phoenix", "echo run; exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.logs("phoenix").tail(-1).contains("run"));
        Received<LogsRequest, Data> received = new Received<>();
        node.async().logs(request("phoenix", -1, true), received);
        received.awaitCount(1);

        node.supervisor.restart("phoenix");
        await().atMost(5, TimeUnit.SECONDS).until(() -> received.messages.stream()
                .map(d -> d.getBytes().toStringUtf8()).collect(Collectors.joining()).endsWith("run\n")
                && received.messages.size() >= 2);
        assertThat(node.supervisor.status("phoenix").state()).isEqualTo(ServiceState.RUNNING);
        received.cancel();
    }

    @Test
    void unknownService_isNotFound() {
        node.run("known", "exit 0");
        assertThatThrownBy(() -> text(request("unknown", -1, false)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("\"unknown\"").contains("known");
                });
    }

    @Test
    void kubelet_isServedFromItsServiceLog_inAnyNamespace() {
        node.run("kubelet", "echo kubelet here; exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !node.supervisor.logs("kubelet").tail(-1).isEmpty());
        assertThat(text(LogsRequest.newBuilder().setNamespace("k8s.io").setId("kubelet").setTailLines(-1).build()))
                .isEqualTo("kubelet here\n");
    }

    @Test
    void otherContainerNamespace_isNotServedYet() {
        node.run("known", "exit 0");
        assertThatThrownBy(() -> text(LogsRequest.newBuilder().setNamespace("moby").setId("known").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    /** Kubernetes containers' logs are CRI logs that cannot exist here; the error says why, as a precondition. */
    @Test
    void kubernetesContainer_failsWithWhyThereIsNoLog() {
        LogsRequest request = LogsRequest.newBuilder().setNamespace("k8s.io")
                .setDriver(dev.anvil.api.common.ContainerDriver.CRI).setId("kube-system/kube-apiserver").build();
        assertThatThrownBy(() -> node.blocking().logs(request).forEachRemaining(d -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("\"kube-system/kube-apiserver\"",
                            "/var/log/pods", "containerd runs without its CRI plugin");
                });
    }

    private static LogsRequest request(String id, int tail, boolean follow) {
        return LogsRequest.newBuilder().setId(id).setTailLines(tail).setFollow(follow).build();
    }

    private String text(LogsRequest request) {
        StringBuilder out = new StringBuilder();
        node.blocking().logs(request).forEachRemaining(d -> out.append(d.getBytes().toStringUtf8()));
        return out.toString();
    }
}
