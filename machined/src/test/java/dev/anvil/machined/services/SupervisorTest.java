package dev.anvil.machined.services;

import dev.anvil.sys.Cgroups;
import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The supervisor running real programs. */
class SupervisorTest {
    private static final RestartPolicy FAST = new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofMinutes(1));

    private final Supervisor supervisor =
            new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid());
    private final List<ServiceStatus> changes = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    SupervisorTest() {
        supervisor.onChange(changes::add);
    }

    @AfterEach
    void stopAll() {
        supervisor.close();
    }

    @Test
    void runningService_hasItsOutputInTheLog_andStopEndsIt() throws Exception {
        supervisor.register(ServiceSpec.of("talker", sh("echo hello; echo to-stderr >&2; exec sleep 30")));
        supervisor.start("talker");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.logs("talker").tail(-1).size() >= 2);
        assertThat(supervisor.logs("talker").tail(-1)).contains("hello", "to-stderr");
        long pid = supervisor.status("talker").pid();
        assertThat(supervisor.status("talker").state()).isEqualTo(ServiceState.RUNNING);

        Cgroups.detect().ifPresent(c -> assertThat(c.create(supervisor.cgroupRoot + "/talker").pids()).contains(pid));
        supervisor.stop("talker");
        assertThat(supervisor.status("talker").state()).isEqualTo(ServiceState.FINISHED);
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(states("talker")).containsSubsequence(ServiceState.PREPARING, ServiceState.RUNNING,
                ServiceState.FINISHED);
    }

    @Test
    void preparation_decidesTheCommandLine_failsAStartWithItsReason_andEndsWhenStopped() throws Exception {
        var attempts = new AtomicInteger();
        supervisor.register(ServiceSpec.of("prepared", sh("exit 9")).withRestart(FAST)
                .preparedBy((declared, preparing) -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("not ready yet");
                    }
                    preparing.say("waiting a little");
                    return sh("echo prepared " + attempts.get() + "; exec sleep 30");
                }));
        supervisor.start("prepared");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.status("prepared").state()
                == ServiceState.RUNNING);
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.logs("prepared").tail(-1)
                .contains("prepared 2"));
        assertThat(changes).filteredOn(s -> s.id().equals("prepared")).extracting(ServiceStatus::message)
                .containsSubsequence("preparing failed: not ready yet; restarting in 100 ms", "waiting a little",
                        "running");
        supervisor.stop("prepared");

        supervisor.register(ServiceSpec.of("waiter", sh("exit 0")).preparedBy((declared, preparing) -> {
            while (!preparing.stopRequested()) {
                preparing.say("waiting for ever");
                Thread.sleep(20);
            }
            return declared;
        }));
        supervisor.start("waiter");
        await().atMost(5, TimeUnit.SECONDS).until(() -> "waiting for ever".equals(
                supervisor.status("waiter").message()));
        assertThat(changes).filteredOn(s -> "waiting for ever".equals(s.message())).hasSize(1);
        supervisor.stop("waiter");
        assertThat(supervisor.status("waiter").state()).isEqualTo(ServiceState.FINISHED);
    }

    @Test
    void crashingService_isRestartedWithGrowingBackoff() throws Exception {
        supervisor.register(ServiceSpec.of("crasher", sh("echo started; exit 2")).withRestart(FAST));
        supervisor.start("crasher");
        await().atMost(10, TimeUnit.SECONDS).until(() -> supervisor.status("crasher").restarts() >= 4);
        supervisor.stop("crasher");

        List<ServiceStatus> failures = changes.stream()
                .filter(s -> s.id().equals("crasher") && s.state() == ServiceState.FAILED).toList();
        assertThat(failures).hasSizeGreaterThanOrEqualTo(4);
        assertThat(failures.get(0).message()).contains("exited with code 2").contains("restarting in 100 ms");
        assertThat(failures.get(1).message()).contains("restarting in 150 ms");
        assertThat(failures.get(2).message()).contains("restarting in 225 ms");
        assertThat(failures.get(3).message()).contains("restarting in 337 ms");
        List<Instant> starts = changes.stream()
                .filter(s -> s.id().equals("crasher") && s.state() == ServiceState.RUNNING).map(ServiceStatus::since)
                .toList();
        assertThat(Duration.between(starts.get(2), starts.get(3)))
                .isGreaterThan(Duration.between(starts.get(0), starts.get(1)));
        assertThat(supervisor.logs("crasher").tail(-1)).contains("started");
    }

    @Test
    void dependent_waitsUntilItsDependencyIsHealthy() throws Exception {
        Path ready = dir.resolve("ready");
        supervisor.register(ServiceSpec.of("db", sh("sleep 0.5; touch " + ready + "; exec sleep 30"))
                .withHealth(new HealthCheck(() -> {
                    if (!Files.exists(ready)) {
                        throw new IllegalStateException("not ready");
                    }
                }, Duration.ofMillis(50))));
        supervisor.register(ServiceSpec.of("app", sh("exec sleep 30")).dependingOn("db"));
        supervisor.start("app");
        supervisor.start("db");

        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.status("app").state() == ServiceState.RUNNING);
        assertThat(Files.exists(ready)).isTrue();
        ServiceStatus waiting = changes.stream().filter(s -> s.id().equals("app")
                && s.state() == ServiceState.WAITING).reduce((a, b) -> b).orElseThrow();
        assertThat(waiting.message()).startsWith("waiting for db (");
        assertThat(supervisor.status("db").healthy()).isTrue();
        ServiceStatus appRunning = changes.stream()
                .filter(s -> s.id().equals("app") && s.state() == ServiceState.RUNNING).findFirst().orElseThrow();
        ServiceStatus dbHealthy = changes.stream()
                .filter(s -> s.id().equals("db") && Boolean.TRUE.equals(s.healthy())).findFirst().orElseThrow();
        assertThat(changes.indexOf(appRunning)).isGreaterThan(changes.indexOf(dbHealthy));
    }

    @Test
    void stop_killsTheWholeProcessGroup_afterTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        supervisor.register(ServiceSpec.of("stubborn",
                        sh("trap '' TERM; sleep 30 & echo $! > " + pids + "; wait"))
                .withStopTimeout(Duration.ofMillis(300)));
        supervisor.start("stubborn");
        await().atMost(5, TimeUnit.SECONDS).until(() -> Files.exists(pids) && Files.size(pids) > 0);
        long grandchild = Long.parseLong(Files.readString(pids).strip());
        supervisor.stop("stubborn");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ProcessHandle.of(grandchild).isEmpty());
        assertThat(supervisor.logs("stubborn").tail(-1)).anyMatch(l -> l.contains("sending SIGKILL"));
    }

    @Test
    void precondition_skipsTheService() {
        supervisor.register(ServiceSpec.of("kubelet", sh("exit 0"))
                .skippedWhen(() -> Optional.of("no kubelet binary at /usr/local/bin/kubelet")));
        supervisor.start("kubelet");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.status("kubelet").state() == ServiceState.SKIPPED);
        assertThat(supervisor.status("kubelet").message()).contains("no kubelet binary");
    }

    @Test
    void serviceThatFinishes_underOnFailurePolicy_staysFinished() {
        supervisor.register(ServiceSpec.of("oneshot", sh("echo done"))
                .withRestart(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, Duration.ofMillis(50),
                        Duration.ofMillis(50), Duration.ofMinutes(1))));
        supervisor.start("oneshot");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.status("oneshot").state() == ServiceState.FINISHED);
        assertThat(supervisor.status("oneshot").message()).contains("exited with code 0");
        assertThat(supervisor.status("oneshot").restarts()).isZero();
    }

    @Test
    void missingProgram_failsWithTheReason_andUnknownServicesAreNamed() {
        supervisor.register(ServiceSpec.of("ghost", ProcessSpec.of("/no/such/binary"))
                .withRestart(new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO)));
        supervisor.start("ghost");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.status("ghost").state() == ServiceState.FAILED);
        assertThat(supervisor.status("ghost").message()).contains("/no/such/binary").contains("No such file");
        assertThatThrownBy(() -> supervisor.start("nope")).hasMessageContaining("no service nope");
        assertThatThrownBy(() -> supervisor.register(ServiceSpec.of("ghost", sh("true"))))
                .hasMessageContaining("already registered");
    }

    @Test
    void logPump_isADaemonPlatformThreadNamedAfterTheService_andEndsWithIt() throws Exception {
        supervisor.register(ServiceSpec.of("pumped", sh("echo hello; exec sleep 30")));
        supervisor.start("pumped");
        await().atMost(5, TimeUnit.SECONDS).until(() -> supervisor.logs("pumped").tail(-1).contains("hello"));
        // only platform threads are listed here
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("log pumped"))
                .singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());

        supervisor.stop("pumped");
        await().atMost(5, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("log pumped")));
    }

    /** A JVM of its own, because the scheduler's carrier count is fixed at its start and follows the host's CPUs. */
    @Test
    void servicesThatKeepTheirOutputOpen_leaveVirtualThreadsRunnable_onTwoCarriers() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Child probe = Spawner.spawn(new ProcessSpec(java, List.of("--enable-native-access=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.parallelism=2", "-cp", System.getProperty("java.class.path"),
                ChattyServicesProbe.class.getName()), Map.of(), ProcessSpec.Output.CAPTURE, true));
        ExitStatus exit;
        try {
            exit = probe.exit().get(60, TimeUnit.SECONDS);
        } finally {
            probe.signal(Child.SIGKILL);
        }
        String report = new String(probe.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(report).contains("logged 4 of 4; a virtual thread ran");
        assertThat(exit.success()).as(report).isTrue();
    }

    private List<ServiceState> states(String id) {
        return changes.stream().filter(s -> s.id().equals(id)).map(ServiceStatus::state).toList();
    }

    private static ProcessSpec sh(String script) {
        return ProcessSpec.of("/bin/sh", "-c", script);
    }
}
