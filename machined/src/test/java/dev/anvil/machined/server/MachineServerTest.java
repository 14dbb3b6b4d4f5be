package dev.anvil.machined.server;

import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdSnapshotRequest;
import dev.anvil.machinery.version.BuildInfo;
import com.google.protobuf.Empty;
import dev.anvil.api.machine.ServiceEvent;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceRestartRequest;
import dev.anvil.api.machine.ServiceStartRequest;
import dev.anvil.api.machine.ServiceStopRequest;
import dev.anvil.api.machine.Version;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.machined.services.HealthCheck;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.sys.Hostname;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The machine service's unary RPCs over real gRPC, with real services behind them. */
@SuppressWarnings("deprecation")  // Metadata, which Talos marks deprecated but still sends
class MachineServerTest {
    private final ServedMachine node = new ServedMachine();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void version_reportsTheBuildTheRuntimeAndThePlatform() {
        Version v = node.blocking().version(Empty.getDefaultInstance()).getMessages(0);
        assertThat(v.getMetadata().getHostname()).isEqualTo(Hostname.get());
        assertThat(v.getVersion().getTag()).isEqualTo(BuildInfo.load().tag()).startsWith("v").doesNotContain("${");
        assertThat(v.getVersion().getSha()).isNotEmpty().doesNotContain("${");
        assertThat(v.getVersion().getGoVersion()).isEqualTo("java" + Runtime.version());
        assertThat(v.getVersion().getOs()).isEqualTo("linux");
        assertThat(v.getVersion().getArch()).isIn("amd64", "arm64");
        assertThat(v.getPlatform().getName()).isEqualTo("container");
        assertThat(v.getPlatform().getMode()).isEqualTo("container");
        assertThat(v.hasFeatures()).as("no features without a config (maintenance mode)").isFalse();
    }

    @Test
    void version_hasFeatures_onceTheNodeHasAConfig() {
        node.state.create(Resource.of(MachineConfig.ACTIVE, new MachineConfig("version: v1alpha1\n")), "machined");
        Version v = node.blocking().version(Empty.getDefaultInstance()).getMessages(0);
        assertThat(v.getFeatures().getRbac()).isTrue();
    }

    @Test
    void bootstrapAndTheEtcdRpcs_onANodeWithoutEtcd_areAFailedPreconditionNamingControlPlanes() {
        var bootstrap = catchThrowableOfType(StatusRuntimeException.class,
                () -> node.blocking().bootstrap(BootstrapRequest.getDefaultInstance()));
        assertThat(bootstrap.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(bootstrap.getStatus().getDescription())
                .isEqualTo("bootstrap is only supported on control plane nodes");
        var members = catchThrowableOfType(StatusRuntimeException.class,
                () -> node.blocking().etcdMemberList(EtcdMemberListRequest.getDefaultInstance()));
        assertThat(members.getStatus().getDescription()).isEqualTo("member list is only supported on control plane"
                + " nodes");
        var snapshot = catchThrowableOfType(StatusRuntimeException.class,
                () -> node.blocking().etcdSnapshot(EtcdSnapshotRequest.getDefaultInstance()).hasNext());
        assertThat(snapshot.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void hostname_isTheNodes() {
        var reply = node.blocking().hostname(Empty.getDefaultInstance());
        assertThat(reply.getMessagesList()).hasSize(1);
        assertThat(reply.getMessages(0).getHostname()).isEqualTo(Hostname.get());
        assertThat(reply.getMessages(0).getMetadata().getHostname()).isEqualTo(Hostname.get());
    }

    @Test
    void serviceList_showsStatesWithTalosNames_theirHistory_andHealth() throws Exception {
        Path ready = dir.resolve("ready");
        node.supervisor.register(ServiceSpec.of("checked", ServedMachine.sh("touch " + ready + "; exec sleep 30"))
                .withHealth(new HealthCheck(() -> {
                    if (!Files.exists(ready)) {
                        throw new IllegalStateException("no file yet");
                    }
                }, Duration.ofMillis(50))));
        node.supervisor.register(ServiceSpec.of("once", ServedMachine.sh("exit 0"))
                .withRestart(new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, Duration.ZERO)));
        node.supervisor.register(ServiceSpec.of("idle", ServedMachine.sh("exit 0")));
        node.supervisor.start("checked");
        node.supervisor.start("once");
        await().atMost(10, TimeUnit.SECONDS).until(() -> Boolean.TRUE.equals(node.supervisor.status("checked").healthy())
                && node.supervisor.status("once").state() == ServiceState.FINISHED);

        var list = node.blocking().serviceList(Empty.getDefaultInstance()).getMessages(0);
        assertThat(list.getMetadata().getHostname()).isEqualTo(Hostname.get());
        assertThat(list.getServicesList()).extracting(ServiceInfo::getId).containsExactly("checked", "once", "idle");
        ServiceInfo checked = list.getServices(0);
        assertThat(checked.getState()).isEqualTo("Running");
        assertThat(checked.getEvents().getEventsList()).extracting(ServiceEvent::getState)
                .containsSubsequence("Preparing", "Running");
        assertThat(checked.getEvents().getEventsList()).allSatisfy(e -> assertThat(e.getTs().getSeconds()).isPositive());
        assertThat(checked.getHealth().getUnknown()).isFalse();
        assertThat(checked.getHealth().getHealthy()).isTrue();
        assertThat(checked.getHealth().getLastMessage()).isEqualTo("healthy");
        assertThat(checked.getHealth().getLastChange().getSeconds()).isPositive();

        ServiceInfo once = list.getServices(1);
        assertThat(once.getState()).isEqualTo("Finished");
        assertThat(once.getHealth().getUnknown()).isTrue();
        assertThat(once.getEvents().getEventsList()).last().extracting(ServiceEvent::getMsg)
                .isEqualTo(node.supervisor.status("once").message());
        assertThat(list.getServices(2).getState()).isEqualTo("Waiting");
        assertThat(list.getServices(2).getEvents().getEventsList()).extracting(ServiceEvent::getMsg)
                .containsExactly("registered");
    }

    @Test
    void serviceStop_endsTheProcess_andStartRunsItAgain() {
        node.run("sleeper", "exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.status("sleeper").state() == ServiceState.RUNNING);
        long pid = node.supervisor.status("sleeper").pid();

        var stopped = node.blocking().serviceStop(ServiceStopRequest.newBuilder().setId("sleeper").build());
        assertThat(stopped.getMessages(0).getResp()).isEqualTo("Service \"sleeper\" stopped");
        assertThat(stopped.getMessages(0).getMetadata().getHostname()).isEqualTo(Hostname.get());
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(node.supervisor.status("sleeper").state()).isEqualTo(ServiceState.FINISHED);

        var started = node.blocking().serviceStart(ServiceStartRequest.newBuilder().setId("sleeper").build());
        assertThat(started.getMessages(0).getResp()).isEqualTo("Service \"sleeper\" started");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.status("sleeper").state() == ServiceState.RUNNING);
        assertThat(node.supervisor.status("sleeper").pid()).isNotEqualTo(pid);
    }

    @Test
    void serviceRestart_replacesTheProcess() {
        node.run("sleeper", "exec sleep 30");
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.status("sleeper").state() == ServiceState.RUNNING);
        long pid = node.supervisor.status("sleeper").pid();

        var restarted = node.blocking().serviceRestart(ServiceRestartRequest.newBuilder().setId("sleeper").build());
        assertThat(restarted.getMessages(0).getResp()).isEqualTo("Service \"sleeper\" restarted");
        assertThat(ProcessHandle.of(pid)).isEmpty();
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.status("sleeper").state() == ServiceState.RUNNING);
        assertThat(node.supervisor.status("sleeper").pid()).isNotEqualTo(pid);
    }

    @Test
    void serviceRestart_ofAStoppedService_startsIt() {
        node.supervisor.register(ServiceSpec.of("later", ServedMachine.sh("exec sleep 30")));
        node.blocking().serviceRestart(ServiceRestartRequest.newBuilder().setId("later").build());
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.supervisor.status("later").state() == ServiceState.RUNNING);
    }

    @Test
    void serviceControl_ofAnUnknownService_isNotFound_andNamesTheServices() {
        node.supervisor.register(ServiceSpec.of("etcd", ServedMachine.sh("exit 0")));
        node.supervisor.register(ServiceSpec.of("kubelet", ServedMachine.sh("exit 0")));
        var stub = node.blocking();
        for (Runnable call : new Runnable[] {
                () -> stub.serviceStart(ServiceStartRequest.newBuilder().setId("nope").build()),
                () -> stub.serviceStop(ServiceStopRequest.newBuilder().setId("nope").build()),
                () -> stub.serviceRestart(ServiceRestartRequest.newBuilder().setId("nope").build())}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription())
                        .isEqualTo("service \"nope\" not found (services: etcd, kubelet)");
            });
        }
    }
}
