package dev.anvil.ctl.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardViewTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String CP = "10.213.37.2";
    private static final String WORKER = "10.213.37.3";

    private static NodeInfo controlPlane() {
        return new NodeInfo("cp-1", "v0.1.0", "running", Duration.ofSeconds(3725), 12.34,
                new NodeInfo.Memory(2048 * 1024, 8192 * 1024), new NodeInfo.Load(0.5, 0.25, 0.125),
                List.of(new NodeInfo.Service("etcd", "Running", "OK", "running")), List.of(CP + "/24"),
                List.of(new NodeInfo.LinkAddress("eth0", CP + "/24", "inet4", "global")),
                new ClusterInfo(List.of(new ClusterInfo.Member("cp-1", "controlplane", List.of(CP)),
                        new ClusterInfo.Member("worker-1", "worker", List.of(WORKER))), null,
                        new ClusterInfo.Etcd("f046", "f046", List.of(), List.of("cp-1"), null)));
    }

    private static NodeInfo worker() {
        return new NodeInfo("worker-1", "v0.1.0", "running", Duration.ofMinutes(5), null,
                new NodeInfo.Memory(1024, 4096), new NodeInfo.Load(0, 0, 0), List.of(), List.of(WORKER + "/24"),
                List.of(), new ClusterInfo(List.of(), "permission denied", null));
    }

    private static DashboardModel model() {
        DashboardModel model = new DashboardModel(List.of(CP, WORKER), Duration.ofSeconds(3));
        model.update(NodeSnapshot.waiting(CP).answered(controlPlane(), NOW.minusSeconds(2)));
        model.update(NodeSnapshot.waiting(WORKER).answered(worker(), NOW.minusSeconds(1)));
        return model;
    }

    private static String screen(DashboardModel model) {
        return String.join("\n", DashboardView.render(model.frame(), 140, 30, NOW));
    }

    @Test
    void everyLineHasTheTerminalsWidth_andThereAreAsManyAsItsHeight() {
        DashboardModel model = model();
        model.log(CP).add(("a very long line " + "x".repeat(300) + "\nwith\ta tab and \u001b[31mescape\n").getBytes());
        for (Screen screen : Screen.values()) {
            model.handle(new Key.Show(screen));
            List<String> lines = DashboardView.render(model.frame(), 60, 12, NOW);
            assertThat(lines).hasSize(12).allSatisfy(l -> assertThat(l).hasSize(60).doesNotContain("\u001b"));
        }
    }

    @Test
    void summary_showsTheChosenNodesFiguresServicesAddressesAndNewestLogLines() {
        DashboardModel model = model();
        model.log(CP).add("first line\nsecond line\npartial".getBytes());
        String screen = screen(model);
        assertThat(screen).contains("[1 cp-1]").contains("2 worker-1").contains("[F1 summary] cp-1 (" + CP + ")")
                .contains("OK, updated 2s ago").contains("v0.1.0").contains("1h2m5s").contains("12.3%")
                .contains("2048 MiB / 8192 MiB (25%)").contains("0.50 0.25 0.13").contains(CP + "/24")
                .contains("etcd").contains("Running").contains("first line").contains("second line")
                .doesNotContain("partial").contains("F2 monitor").contains("q quit").contains("every 3s");
    }

    @Test
    void keysSwitchNodesAndScreens() {
        DashboardModel model = model();
        model.handle(new Key.Next());
        assertThat(screen(model)).contains("[2 worker-1]").contains("no services run on this node")
                .contains("CPU").contains("...");
        model.handle(new Key.Next());
        assertThat(model.frame().selectedNode()).isEqualTo(CP);
        model.handle(new Key.Previous());
        assertThat(model.frame().selectedNode()).isEqualTo(WORKER);
        model.handle(new Key.Node(1));
        assertThat(model.frame().selectedNode()).isEqualTo(CP);
        model.handle(new Key.Node(7));
        assertThat(model.frame().selectedNode()).isEqualTo(CP);
        assertThat(model.handle(new Key.Quit())).isFalse();

        model.handle(new Key.Show(Screen.CLUSTER));
        assertThat(screen(model)).contains("worker-1   worker").contains("etcd: healthy, member f046, leader f046")
                .contains("etcd members: cp-1");
        model.handle(new Key.Show(Screen.NETWORK));
        assertThat(screen(model)).contains("eth0   " + CP + "/24   inet4    global");
        model.handle(new Key.Show(Screen.MONITOR));
        assertThat(screen(model)).contains("cp-1").contains("worker-1").contains("1/1").contains("0/0");
        model.handle(new Key.Node(2));
        model.handle(new Key.Show(Screen.CLUSTER));
        assertThat(screen(model)).contains("members: permission denied").contains("etcd: not run on this node");
    }

    @Test
    void anUnreachableNode_saysSo_keepsWhatItLastSaid_andTheOthersShowAsUsual() {
        DashboardModel model = model();
        model.update(model.snapshot(WORKER).failed("unavailable: connection refused", NOW.minusSeconds(4)));
        model.update(model.snapshot(WORKER).failed("unavailable: connection refused", NOW.minusSeconds(2)));
        model.handle(new Key.Node(2));
        assertThat(screen(model)).contains("2 worker-1 !")
                .contains("UNREACHABLE: unavailable: connection refused (for 4s; last answer 1s ago)")
                .contains("worker-1");
        model.handle(new Key.Show(Screen.MONITOR));
        assertThat(screen(model)).containsPattern("cp-1 +ok").containsPattern("worker-1 +unreachable");
        model.update(model.snapshot(WORKER).answered(worker(), NOW));
        assertThat(screen(model)).containsPattern("worker-1 +ok");
    }

    @Test
    void aNodeNotHeardFromYet_isConnecting_andOneThatNeverAnswered_saysSo() {
        DashboardModel model = new DashboardModel(List.of(CP), Duration.ofSeconds(1));
        assertThat(screen(model)).contains("connecting...").contains("[1 " + CP + "]");
        model.update(model.snapshot(CP).failed("unavailable: no route", NOW));
        assertThat(screen(model)).contains("UNREACHABLE: unavailable: no route (for 0s; never answered)");
    }
}
