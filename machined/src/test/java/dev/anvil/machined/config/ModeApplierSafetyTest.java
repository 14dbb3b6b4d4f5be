package dev.anvil.machined.config;

import dev.anvil.machined.config.ConfigApplier.Mode;
import dev.anvil.machined.config.ConfigApplier.Outcome;
import dev.anvil.machined.config.ConfigApplier.Refused;
import dev.anvil.machined.config.ConfigApplier.Request;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machined.controllers.runtime.KernelParamConfigController;
import dev.anvil.machined.controllers.runtime.KernelParamSpecController;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.sys.Sysctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.anvil.machined.config.ModeApplierTest.WORKER;
import static dev.anvil.machined.config.ModeApplierTest.patch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The apply modes beyond Talos, with the real kernel-parameter controllers in the real runtime (over a directory
 * standing in for /proc/sys): a config under which a controller fails is reverted, a change that touches the
 * network is a try that must be confirmed, and a dry run lists the spec resources it would change.
 */
class ModeApplierSafetyTest {
    private static final String FORWARD = patch("machine:\n  sysctls:\n    net.ipv4.ip_forward: \"1\"\n");
    private static final String MISSING = patch("machine:\n  sysctls:\n    net.ipv4.anvil_missing: \"1\"\n");
    private static final String ADDRESS = patch("machine:\n  network:\n    interfaces:\n      - interface: eth0\n"
            + "        addresses: [10.213.27.9/24]\n");

    @TempDir
    Path dir;
    private Path forward;
    private RuntimeHarness node;
    private ConfigPublisher publisher;
    private ModeApplier applier;
    private final List<String> reverts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        forward = dir.resolve("sys/net/ipv4/ip_forward");
        Files.createDirectories(forward.getParent());
        Files.writeString(forward, "0\n");
        KernelParamConfigController params = new KernelParamConfigController();
        node = new RuntimeHarness(params, new KernelParamSpecController(new Sysctl(dir.resolve("sys")), true));
        ControllerHealth health = new ControllerHealth();
        node.runtime.onReconcile(health);
        publisher = new ConfigPublisher(node.state);
        PersistedConfig persisted = new PersistedConfig(dir.resolve("config.yaml"), ValidationMode.CONTAINER);
        persisted.write(WORKER);
        publisher.activate(WORKER, ConfigLoader.load(WORKER, false).config());
        applier = new ModeApplier(persisted, publisher, ValidationMode.CONTAINER, () -> "actor",
                new ModeApplier.Safety(health, new ResourcePlan(List.of(params), node.state), reverts::add));
    }

    @AfterEach
    void stop() {
        applier.close();
        node.close();
    }

    private String stored() throws Exception {
        return Files.readString(dir.resolve("config.yaml"));
    }

    @Test
    void aConfigUnderWhichAControllerFails_isRevertedAtOnce_sayingWhy() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> applier.apply(new Request(MISSING, Mode.NO_REBOOT, false, null)))
                    .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.getMessage()).isEqualTo(
                            "the config was reverted: a controller failed under the new config: "
                                    + "runtime.KernelParamSpecController: kernel parameters not applied: "
                                    + "proc.sys.net.ipv4.anvil_missing: the kernel has no parameter "
                                    + "net.ipv4.anvil_missing"));
            assertThat(publisher.active().text()).isEqualTo(WORKER);
            assertThat(stored()).isEqualTo(WORKER);
        }
        assertThat(reverts).as("the second attempt fails again, not taken for the old failure").hasSize(2)
                .allSatisfy(r -> assertThat(r).contains("anvil_missing"));

        Outcome good = applier.apply(new Request(FORWARD, Mode.NO_REBOOT, false, null));
        assertThat(good.mode()).isEqualTo(Mode.NO_REBOOT);
        assertThat(Files.readString(forward)).isEqualTo("1");
        assertThat(stored()).isEqualTo(FORWARD);
        assertThat(Files.readString(dir.resolve("config.last-good.yaml"))).isEqualTo(WORKER);
    }

    @Test
    void aTry_underWhichAControllerFails_isRevertedToo() throws Exception {
        assertThatThrownBy(() -> applier.apply(new Request(MISSING, Mode.TRY, false, Duration.ofMinutes(1))))
                .isInstanceOf(Refused.class).hasMessageContaining("the config was reverted");
        assertThat(applier.tryPending()).isFalse();
        assertThat(publisher.active().text()).isEqualTo(WORKER);
    }

    @Test
    void aDryRun_listsTheSpecsItWouldChange_andChangesNothing() throws Exception {
        Outcome dry = applier.apply(new Request(FORWARD, Mode.AUTO, true, null));
        assertThat(dry.details()).contains("Changed fields:\n  v1alpha1: machine.sysctls.net.ipv4.ip_forward: live"
                + " (runtime.KernelParamConfigController)")
                .contains("Resource plan (+ create, ~ update, - destroy):\n"
                        + "  + KernelParamSpecs.runtime.talos.dev runtime/proc.sys.net.ipv4.ip_forward\n"
                        + "      value: '1'");
        assertThat(Files.readString(forward)).isEqualTo("0\n");
        assertThat(publisher.active().text()).isEqualTo(WORKER);

        applier.apply(new Request(FORWARD, Mode.NO_REBOOT, false, null));
        String back = ModeApplierTest.patch("machine:\n  sysctls:\n    net.ipv4.ip_forward: \"0\"\n");
        assertThat(applier.apply(new Request(back, Mode.NO_REBOOT, true, null)).details())
                .contains("  ~ KernelParamSpecs.runtime.talos.dev runtime/proc.sys.net.ipv4.ip_forward\n"
                        + "      - value: '1'\n      + value: '0'");
        assertThat(applier.apply(new Request(WORKER, Mode.NO_REBOOT, true, null)).details())
                .contains("  - KernelParamSpecs.runtime.talos.dev runtime/proc.sys.net.ipv4.ip_forward");
        assertThat(Files.readString(forward)).isEqualTo("1");
    }

    @Test
    void aNetworkChange_isATry_thatAConfirmationKeeps() throws Exception {
        Outcome tried = applier.apply(new Request(ADDRESS, Mode.NO_REBOOT, false, Duration.ofMillis(500)));
        assertThat(tried.mode()).isEqualTo(Mode.TRY);
        assertThat(tried.details()).contains("will be automatically reverted back in 500ms",
                "It changes the network, so it is applied as a try once this reply has left");
        // nothing changes before the reply has left, and a confirmation cannot come before that either
        assertThat(publisher.active().text()).isEqualTo(WORKER);
        assertThatThrownBy(() -> applier.apply(new Request(ADDRESS, Mode.NO_REBOOT, false, null,
                ConfigApplier.Caller.UNKNOWN, true))).isInstanceOf(Refused.class);
        tried.afterReply().run();
        assertThat(publisher.active().text()).isEqualTo(ADDRESS);
        assertThat(stored()).isEqualTo(WORKER);
        assertThat(applier.apply(new Request(ADDRESS, Mode.NO_REBOOT, false, null, ConfigApplier.Caller.UNKNOWN,
                true)).details()).startsWith("Confirmed the configuration applied in try mode");
        Thread.sleep(1000);
        assertThat(publisher.active().text()).isEqualTo(ADDRESS);
        assertThat(stored()).isEqualTo(ADDRESS);
        assertThat(reverts).isEmpty();
    }

    @Test
    void aNetworkChange_notConfirmed_revertsByItself_andALateConfirmationIsRefused() throws Exception {
        applier.apply(new Request(ADDRESS, Mode.AUTO, false, Duration.ofMillis(300))).afterReply().run();
        assertThat(publisher.active().text()).isEqualTo(ADDRESS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> publisher.active().text().equals(WORKER));
        assertThat(reverts).singleElement().isEqualTo("the config applied in try mode was not confirmed within"
                + " 300ms");
        assertThatThrownBy(() -> applier.apply(new Request(ADDRESS, Mode.NO_REBOOT, false, null,
                ConfigApplier.Caller.UNKNOWN, true))).isInstanceOf(Refused.class)
                .hasMessage("no config applied in try mode waits for this confirmation; the last one was reverted:"
                        + " the config applied in try mode was not confirmed within 300ms");
        assertThat(stored()).isEqualTo(WORKER);
    }
}
