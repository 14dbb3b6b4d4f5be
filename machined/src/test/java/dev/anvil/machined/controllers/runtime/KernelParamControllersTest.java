package dev.anvil.machined.controllers.runtime;

import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;
import dev.anvil.machinery.resources.runtime.KernelParamStatus;
import dev.anvil.sys.Sysctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kernel parameters from the config to a /proc/sys stand-in and the statuses, in container mode. */
class KernelParamControllersTest {
    @TempDir
    Path procSys;

    private RuntimeHarness node;

    @BeforeEach
    void start() throws IOException {
        write("net/ipv4/ip_forward", "0\n");
        write("net/ipv4/conf/all/rp_filter", "2\n");
        write("kernel/pid_max", "4194304\n");
        node = new RuntimeHarness(new KernelParamConfigController(),
                new KernelParamSpecController(new Sysctl(procSys), true));
    }

    @AfterEach
    void close() {
        node.close();
    }

    private void write(String path, String value) throws IOException {
        Files.createDirectories(procSys.resolve(path).getParent());
        Files.writeString(procSys.resolve(path), value);
    }

    private String read(String path) throws IOException {
        return Files.readString(procSys.resolve(path)).strip();
    }

    @Test
    void netSysctls_areApplied_globalOnesSkipped_andRemovedOnesRestored() throws IOException {
        node.config("""
                version: v1alpha1
                machine:
                  sysctls:
                    net.ipv4.ip_forward: "1"
                    kernel.pid_max: "100000"
                  sysfs:
                    kernel.mm.transparent_hugepage.enabled: never
                """);
        node.awaitAll(KernelParamStatus.KIND, KernelParamStatus.class, Map.of(
                "proc.sys.net.ipv4.ip_forward", new KernelParamStatus("1", "0", false, ""),
                "proc.sys.kernel.pid_max", new KernelParamStatus("", "", false, "skipped in container mode"),
                "sys.kernel.mm.transparent_hugepage.enabled",
                new KernelParamStatus("", "", false, "skipped in container mode")));
        assertThat(read("net/ipv4/ip_forward")).isEqualTo("1");
        assertThat(read("kernel/pid_max")).isEqualTo("4194304");

        // a SysctlConfig document wins for a key both set; the dropped key gets its old value back
        node.config("""
                version: v1alpha1
                machine:
                  sysctls:
                    net.ipv4.conf.all.rp_filter: "0"
                ---
                apiVersion: v1alpha1
                kind: SysctlConfig
                params:
                  net.ipv4.conf.all.rp_filter: "1"
                """);
        node.awaitAll(KernelParamStatus.KIND, KernelParamStatus.class, Map.of(
                "proc.sys.net.ipv4.conf.all.rp_filter", new KernelParamStatus("1", "2", false, "")));
        assertThat(read("net/ipv4/conf/all/rp_filter")).isEqualTo("1");
        assertThat(read("net/ipv4/ip_forward")).isEqualTo("0");

        node.removeConfig();
        node.awaitAll(KernelParamStatus.KIND, KernelParamStatus.class, Map.of());
        assertThat(read("net/ipv4/conf/all/rp_filter")).isEqualTo("2");
    }

    @Test
    void unknownParameter_failsTheReconcile_afterTheOthersAreApplied() throws IOException {
        node.config("""
                version: v1alpha1
                machine:
                  sysctls:
                    net.ipv4.no_such_thing: "1"
                    net.ipv4.ip_forward: "1"
                """);
        node.awaitSpec(KernelParamStatus.KIND.pointer("proc.sys.net.ipv4.ip_forward"),
                new KernelParamStatus("1", "0", false, ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.runtime.metrics()
                .controller("runtime.KernelParamSpecController").orElseThrow().crashes() > 0);
        assertThat(node.find(KernelParamStatus.KIND.pointer("proc.sys.net.ipv4.no_such_thing"),
                KernelParamStatus.class)).isEmpty();
        assertThat(read("net/ipv4/ip_forward")).isEqualTo("1");
    }

    @Test
    void specs_areOnePerParameter_byTalosIds() {
        var config = ConfigLoader.load("""
                version: v1alpha1
                machine:
                  sysctls: {net.core.somaxconn: "1024"}
                """, false).config();
        assertThat(KernelParamConfigController.specs(config)).extracting(k -> k.id() + "=" + k.spec().value())
                .containsExactly("proc.sys.net.core.somaxconn=1024");
        assertThat(node.all(KernelParamSpec.KIND, KernelParamSpec.class)).isEmpty();
    }
}
