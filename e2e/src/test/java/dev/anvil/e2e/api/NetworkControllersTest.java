package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A configured container-mode node applies links, addresses and routes to its own network namespace, checked from
 * outside with {@code nsenter --net ... ip -j}: an address, MTU and route on eth0 and a bridge from patch mc, shown in
 * AddressStatus/RouteStatus/LinkStatus; an address deleted by hand is put back; removed from the config it leaves
 * the kernel; the kernel command line's ip= (the node's state dir {@code cmdline} file) gives an address and route
 * after a reboot. VLAN and bond links are checked where the host kernel has them. Prints the figure: patch mc to
 * the address in the kernel, min/median over several applies.
 */
@Tag("e2e")
class NetworkControllersTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void linksAddressesRoutes_appliedRepairedAndRemoved() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("netw", "10.213.22.0/24", 1)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            long pid = nodePid(node.launcherPid());

            ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    {"machine": {"network": {"interfaces": [{"interface": "eth0", "mtu": 1400,
                      "addresses": ["10.213.22.50/24"],
                      "routes": [{"network": "10.213.88.0/24", "gateway": "10.213.22.1", "metric": 55}]}]}}}"""));
            await().atMost(30, TimeUnit.SECONDS).until(() -> ip(pid, "addr", "show", "dev", "eth0")
                    .contains("\"10.213.22.50\""));
            assertThat(ip(pid, "link", "show", "dev", "eth0")).contains("\"mtu\":1400");
            await().atMost(20, TimeUnit.SECONDS).until(() -> ip(pid, "route", "show", "10.213.88.0/24")
                    .contains("\"metric\":55"));
            await().atMost(20, TimeUnit.SECONDS).until(() -> ok(cluster.anvilctl("get", "addresses"))
                    .contains("eth0/10.213.22.50/24"));
            assertThat(ok(cluster.anvilctl("get", "routes"))).contains("10.213.88.0/24").contains("10.213.22.1");
            assertThat(ok(cluster.anvilctl("get", "nodeaddresses", "current", "-o", "yaml")))
                    .contains("10.213.22.50/24");

            // drift: deleted by hand inside the node's namespace, put back
            run("nsenter", "--net", "--target", Long.toString(pid), "ip", "addr", "del", "10.213.22.50/24", "dev",
                    "eth0");
            await().atMost(20, TimeUnit.SECONDS).until(() -> ip(pid, "addr", "show", "dev", "eth0")
                    .contains("\"10.213.22.50\""));

            // a bridge document with an address; VLAN and bond where the kernel has them
            ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    apiVersion: v1alpha1
                    kind: BridgeConfig
                    name: br-netw
                    addresses:
                      - address: 10.213.23.1/24
                    """));
            await().atMost(30, TimeUnit.SECONDS).until(() -> ip(pid, "-d", "link", "show", "dev", "br-netw")
                    .contains("\"info_kind\":\"bridge\""));
            await().atMost(20, TimeUnit.SECONDS).until(() -> ip(pid, "addr", "show", "dev", "br-netw")
                    .contains("\"10.213.23.1\""));
            assertThat(ok(cluster.anvilctl("get", "links"))).contains("br-netw");
            kernelLinks(cluster, pid);

            // the figure: patch mc with one more address to that address in the kernel
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String address = "10.213.22." + (60 + i);
                long started = System.nanoTime();
                ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p",
                        "{\"machine\": {\"network\": {\"interfaces\": [{\"interface\": \"eth0\", "
                                + "\"addresses\": [\"" + address + "/24\"]}]}}}"));
                await().atMost(20, TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(2))
                        .until(() -> ip(pid, "addr", "show", "dev", "eth0").contains("\"" + address + "\""));
                micros.add((System.nanoTime() - started) / 1000);
            }
            Collections.sort(micros);
            System.out.printf("FIGURE patch mc (anvilctl in-process) to address in the node's kernel: min %.1f ms, "
                    + "median %.1f ms over %d applies%n", micros.getFirst() / 1000.0,
                    micros.get(micros.size() / 2) / 1000.0, micros.size());

            // removed from the config: gone from the kernel, with the bridge
            ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    apiVersion: v1alpha1
                    kind: BridgeConfig
                    name: br-netw
                    $patch: delete
                    """));
            await().atMost(30, TimeUnit.SECONDS).until(() -> !ip(pid, "-br", "link").contains("br-netw"));

            // the cmdline layer: ip= in the node's state dir, read at boot
            Files.writeString(node.dir().resolve("system/state/cmdline"),
                    "console=ttyS0 ip=10.213.22.70::10.213.22.1:24::eth0:off\\n");
            ok(cluster.anvilctl("reboot"));
            await().atMost(90, TimeUnit.SECONDS).until(() -> ip(pid, "addr", "show", "dev", "eth0")
                    .contains("\"10.213.22.70\"") && ip(pid, "route", "show", "default").contains("10.213.22.1"));
        }
    }

    /** VLAN on eth0 and a bond, where the node's (the host's) kernel has them; else say why they are not checked. */
    private static void kernelLinks(SharedCluster cluster, long pid) throws Exception {
        boolean vlan = Files.exists(Path.of("/sys/module/8021q"));
        boolean bond = Files.exists(Path.of("/sys/module/bonding"));
        if (!vlan || !bond) {
            System.out.println("SKIPPED in NetworkControllersTest: " + (vlan ? "" : "no 8021q module (VLAN) ")
                    + (bond ? "" : "no bonding module") + " in this kernel; VLAN/bond links not checked here");
        }
        if (vlan) {
            ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    apiVersion: v1alpha1
                    kind: VLANConfig
                    name: eth0.22
                    vlanID: 22
                    parent: eth0
                    """));
            await().atMost(30, TimeUnit.SECONDS).until(() -> ip(pid, "-d", "link", "show", "dev", "eth0.22")
                    .contains("\"id\":22"));
        }
        if (bond) {
            ok(cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    apiVersion: v1alpha1
                    kind: BondConfig
                    name: bond-netw
                    links: []
                    bondMode: active-backup
                    """));
            await().atMost(30, TimeUnit.SECONDS).until(() -> ip(pid, "-d", "link", "show", "dev", "bond-netw")
                    .contains("active-backup"));
        }
    }

    private static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as("%s%n%s", result.out(), result.err()).isZero();
        return result.out();
    }

    /** {@code ip -j ARGS} in the node's network namespace. */
    private static String ip(long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--net", "--target", Long.toString(pid), "ip", "-j"));
        command.addAll(List.of(args));
        return run("nsenter", command.toArray(String[]::new));
    }

    private static String run(String program, String... args) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec("/usr/bin/" + program, List.of(args),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), ProcessSpec.Output.CAPTURE, true));
        String out = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        child.exit().get(30, TimeUnit.SECONDS);
        return out;
    }

    private static long nodePid(long launcherPid) throws Exception {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        return Long.parseLong(Files.readString(children).strip().split(" ")[0]);
    }
}
