package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * anvilctl dashboard as a user sees it: run in a detached tmux session of a fixed size (on a tmux server of the
 * test's own socket), its screen read with capture-pane and keys sent with send-keys, over a cluster of one control
 * plane and one worker; then with the worker stopped.
 */
@Tag("e2e")
class DashboardTest {
    private static final String CIDR = "10.213.37.0/24";
    private static final String TMUX = "/usr/bin/tmux";

    @TempDir
    Path home;

    private final String cluster = "dsh" + (ProcessHandle.current().pid() % 10000);
    private final String socket = "anvil-dashboard-test-" + ProcessHandle.current().pid();

    @AfterEach
    void cleanUp() throws Exception {
        Path socketFile = Path.of("/tmp/tmux-" + uid(), socket);
        if (Files.exists(socketFile)) {
            tmux("kill-server");
            // the server is gone, its socket file is not
            Files.deleteIfExists(socketFile);
        }
        LocalNodes.destroyCluster(home, cluster);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dashboard_showsEachNode_switchesWithKeys_survivesAStoppedNode_quits() throws Exception {
        assertThat(Path.of(TMUX)).as("tmux is missing: scripts/setup installs it").exists();
        LocalNodes.anvilctl(home, "cluster", "create", "--name", cluster, "--controlplanes", "1", "--workers", "1",
                "--cidr", CIDR);
        ClusterState state = ClusterState.load(home.resolve("clusters").resolve(cluster));
        ClusterState.Node cp = state.nodes().get(0);
        ClusterState.Node worker = state.nodes().get(1);

        String command = "ANVIL_HOME=" + home + " " + LocalNodes.ROOT.resolve("bin/anvilctl") + " --context " + cluster
                + " -n " + cp.ip() + "," + worker.ip() + " dashboard -d 1s; echo dashboard exited $?; sleep 600";
        tmux("new-session", "-d", "-s", "dash", "-x", "160", "-y", "45", command);

        // the control plane: hostname, version, its etcd service, its address, the newest lines of machined's log
        String first = screenShows("[1 " + cp.name() + "]", "2 " + worker.name(), "v0.1.0", "etcd", "Running",
                cp.ip() + "/24", "OK, updated", "machined: ");
        assertThat(first).contains("F1 summary").contains("q quit");

        // the right arrow shows the worker; 1 the control plane again; F4 its cluster view with etcd
        tmux("send-keys", "-t", "dash", "Right");
        screenShows("[2 " + worker.name() + "]", worker.ip() + "/24", "containerd   Running");
        tmux("send-keys", "-t", "dash", "1");
        screenShows("[1 " + cp.name() + "]", cp.ip() + "/24");
        tmux("send-keys", "-t", "dash", "F4");
        assertThat(screenShows("[F4 cluster]", "etcd: healthy", "etcd members: " + cp.name()))
                .containsPattern(worker.name() + " +worker +" + worker.ip().replace(".", "\\."));
        tmux("send-keys", "-t", "dash", "F2");
        screenShows("[F2 monitor]", cp.ip(), worker.ip());

        // the worker stops: the dashboard says so and keeps the control plane refreshing
        ProcessHandle.of(LocalNodes.nodePid(worker.launcherPid())).orElseThrow().destroy();
        await().atMost(20, TimeUnit.SECONDS).until(() -> ProcessHandle.of(worker.launcherPid()).isEmpty());
        tmux("send-keys", "-t", "dash", "F1");
        tmux("send-keys", "-t", "dash", "2");
        screenShows("[2 " + worker.name() + " !]", "UNREACHABLE");
        tmux("send-keys", "-t", "dash", "Left");
        String before = screenShows("[1 " + cp.name() + "]", "OK, updated");
        // refreshed: its log keeps coming and its status stays fresh (updated within a few intervals)
        String later = screenShows("[1 " + cp.name() + "]", "OK, updated 0s ago");
        assertThat(later).contains("etcd").contains("2 " + worker.name() + " !");
        assertThat(before).isNotNull();

        tmux("send-keys", "-t", "dash", "q");
        screenShows("dashboard exited 0");
    }

    private static int uid() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** Waits until the screen shows every text, and returns it. */
    private String screenShows(String... texts) {
        List<String> last = new ArrayList<>(List.of(""));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String screen = tmux("capture-pane", "-p", "-t", "dash");
                last.set(0, screen);
                for (String text : texts) {
                    if (!screen.contains(text)) {
                        return false;
                    }
                }
                return true;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the screen does not show all of " + List.of(texts) + ":\n" + last.getFirst(), e);
        }
        return last.getFirst();
    }

    /** Runs tmux on the test's own server socket. */
    private String tmux(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-L", socket));
        all.addAll(List.of(args));
        Child child = Spawner.spawn(new ProcessSpec(TMUX, all, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME", System.getProperty("java.home"), "TERM", "xterm-256color", "LANG", "C.UTF-8"),
                ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(30, TimeUnit.SECONDS).success()).as("tmux %s:%n%s", all, output).isTrue();
        return output;
    }
}
