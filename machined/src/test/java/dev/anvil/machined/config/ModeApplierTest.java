package dev.anvil.machined.config;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.config.ConfigApplier.Mode;
import dev.anvil.machined.config.ConfigApplier.Outcome;
import dev.anvil.machined.config.ConfigApplier.Refused;
import dev.anvil.machined.config.ConfigApplier.Request;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ModeApplierTest {
    static final String WORKER = read();
    static final String HOSTNAME = patch("machine:\n  network:\n    hostname: renamed\n");
    static final String DISK = patch("machine:\n  install:\n    image: ghcr.io/siderolabs/installer:v1.11.0\n");

    @TempDir
    Path dir;
    private final InMemoryState state = new InMemoryState();
    private final ConfigPublisher publisher = new ConfigPublisher(state);
    private final AtomicInteger reboots = new AtomicInteger();
    private ModeApplier applier;
    private Path file;

    static String read() {
        try (var in = ModeApplierTest.class.getResourceAsStream("/worker.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String patch(String patch) {
        var result = ConfigPatcher.apply(WORKER, List.of(patch));
        assertThat(result.ok()).as("%s", result.problems()).isTrue();
        return result.yaml();
    }

    private ModeApplier applier() throws IOException {
        file = dir.resolve("config.yaml");
        PersistedConfig persisted = new PersistedConfig(file, ValidationMode.CONTAINER);
        persisted.write(WORKER);
        publisher.activate(WORKER, ConfigLoader.load(WORKER, false).config());
        publisher.persisted(WORKER);
        applier = new ModeApplier(persisted, publisher, ValidationMode.CONTAINER, () -> {
            reboots.incrementAndGet();
            return "actor";
        });
        return applier;
    }

    @AfterEach
    void close() {
        if (applier != null) {
            applier.close();
        }
    }

    private static Request request(String config, Mode mode) {
        return new Request(config, mode, false, null);
    }

    private String active() {
        return state.get(MachineConfig.ACTIVE, MachineConfig.class).spec().yaml();
    }

    private String persistent() {
        return state.get(MachineConfig.PERSISTENT, MachineConfig.class).spec().yaml();
    }

    private String stored() throws IOException {
        return Files.readString(file);
    }

    @Test
    void noReboot_liveChange_isStoredThenActive() throws Exception {
        Outcome outcome = applier().apply(request(HOSTNAME, Mode.NO_REBOOT));
        assertThat(outcome.mode()).isEqualTo(Mode.NO_REBOOT);
        assertThat(outcome.details()).isEqualTo("Applied configuration without a reboot\nChanged fields:\n"
                + "  v1alpha1: machine.network.hostname: live (network.HostnameConfigController)");
        assertThat(stored()).isEqualTo(HOSTNAME);
        assertThat(active()).isEqualTo(HOSTNAME);
        assertThat(persistent()).isEqualTo(HOSTNAME);
        assertThat(state.get(MachineConfig.ACTIVE).metadata().annotations()).containsKey(MachineConfig.YAML_SPEC);
        assertThat(reboots).hasValue(0);
    }

    @Test
    void noRebootAndTry_refuseAChangeThatNeedsAReboot_sayingWhy_changingNothing() throws Exception {
        applier();
        for (Mode mode : List.of(Mode.NO_REBOOT, Mode.TRY)) {
            assertThatThrownBy(() -> applier.apply(request(DISK, mode))).isInstanceOfSatisfying(Refused.class,
                    r -> {
                        assertThat(r.invalid()).isFalse();
                        assertThat(r.getMessage()).contains("can't be applied in immediate mode")
                                .contains("v1alpha1: machine.install.image changed (the installer reads it)");
                    });
        }
        assertThat(stored()).isEqualTo(WORKER);
        assertThat(active()).isEqualTo(WORKER);
        assertThat(applier.tryPending()).isFalse();
    }

    @Test
    void auto_appliesLiveWhenItCan_elseStoresAndReboots() throws Exception {
        Outcome live = applier().apply(request(HOSTNAME, Mode.AUTO));
        assertThat(live.mode()).isEqualTo(Mode.NO_REBOOT);
        assertThat(active()).isEqualTo(HOSTNAME);
        assertThat(reboots).hasValue(0);

        String both = ConfigPatcher.apply(HOSTNAME, List.of("machine:\n  env:\n    http_proxy: http://proxy:3128\n"))
                .yaml();
        Outcome rebooted = applier.apply(request(both, Mode.AUTO));
        assertThat(rebooted.mode()).isEqualTo(Mode.REBOOT);
        assertThat(rebooted.details()).isEqualTo("Applied configuration with a reboot\nChanged fields:\n"
                + "  v1alpha1: machine.env.http_proxy: needs a reboot (read at boot only)");
        assertThat(stored()).isEqualTo(both);
        assertThat(persistent()).isEqualTo(both);
        assertThat(active()).as("the reboot brings it").isEqualTo(HOSTNAME);
        assertThat(reboots).hasValue(1);
    }

    @Test
    void reboot_storesThenReboots_staged_onlyStores() throws Exception {
        Outcome staged = applier().apply(request(DISK, Mode.STAGED));
        assertThat(staged.mode()).isEqualTo(Mode.STAGED);
        assertThat(staged.details()).isEqualTo("Staged configuration to be applied after the next reboot\n"
                + "Changed fields:\n  v1alpha1: machine.install.image: needs a reboot (the installer reads it)");
        assertThat(stored()).isEqualTo(DISK);
        assertThat(persistent()).isEqualTo(DISK);
        assertThat(active()).isEqualTo(WORKER);
        assertThat(reboots).hasValue(0);

        Outcome rebooted = applier.apply(request(HOSTNAME, Mode.REBOOT));
        assertThat(rebooted.mode()).isEqualTo(Mode.REBOOT);
        assertThat(rebooted.details()).startsWith("Applied configuration with a reboot\nChanged fields:");
        assertThat(stored()).isEqualTo(HOSTNAME);
        assertThat(reboots).hasValue(1);
    }

    @Test
    void try_isActiveButNotStored_andRevertsAfterItsTimeout() throws Exception {
        Outcome tried = applier().apply(new Request(HOSTNAME, Mode.TRY, false, Duration.ofMillis(300)));
        assertThat(tried.mode()).isEqualTo(Mode.TRY);
        assertThat(tried.details()).startsWith("Applied configuration without a reboot\nThe config is applied in"
                + " 'try' mode and will be automatically reverted back in 300ms\nChanged fields:");
        assertThat(active()).isEqualTo(HOSTNAME);
        assertThat(stored()).isEqualTo(WORKER);
        assertThat(persistent()).isEqualTo(WORKER);
        await().atMost(5, TimeUnit.SECONDS).until(() -> active().equals(WORKER));
        assertThat(applier.tryPending()).isFalse();
        assertThat(publisher.active().text()).isEqualTo(WORKER);
    }

    @Test
    void try_isConfirmedByTheNextApply_butNotByADryRun() throws Exception {
        applier().apply(new Request(HOSTNAME, Mode.TRY, false, Duration.ofMillis(400)));
        applier.apply(new Request(HOSTNAME, Mode.NO_REBOOT, true, null));
        assertThat(applier.tryPending()).as("a dry run changes nothing").isTrue();
        applier.apply(request(HOSTNAME, Mode.NO_REBOOT));
        assertThat(applier.tryPending()).isFalse();
        Thread.sleep(800);
        assertThat(active()).isEqualTo(HOSTNAME);
        assertThat(stored()).isEqualTo(HOSTNAME);
    }

    @Test
    void dryRun_changesNothing_andShowsTheDiff() throws Exception {
        Outcome dry = applier().apply(new Request(DISK, Mode.AUTO, true, null));
        assertThat(dry.mode()).isEqualTo(Mode.REBOOT);
        assertThat(dry.details()).startsWith("Dry run summary:\nApplied configuration with a reboot (skipped in"
                + " dry-run).\nConfig diff:\n\n--- a\n+++ b\n@@ ")
                .contains("-    image: ghcr.io/siderolabs/installer:v1.10.3\n",
                        "+    image: ghcr.io/siderolabs/installer:v1.11.0\n");
        Outcome same = applier.apply(new Request(WORKER, Mode.NO_REBOOT, true, null));
        assertThat(same.details()).isEqualTo("Dry run summary:\nApplied configuration without a reboot (skipped in"
                + " dry-run).\nConfig diff:\n\nNo changes.\n\nChanged fields:\n  no changes");
        assertThat(stored()).isEqualTo(WORKER);
        assertThat(active()).isEqualTo(WORKER);
        assertThat(reboots).hasValue(0);
    }

    @Test
    void badConfigs_areInvalid_andChangeNothing() throws Exception {
        applier();
        assertThatThrownBy(() -> applier.apply(request(WORKER.replace("type: worker", "type: boss"),
                Mode.NO_REBOOT))).isInstanceOfSatisfying(Refused.class, r -> {
                    assertThat(r.invalid()).isTrue();
                    assertThat(r.getMessage()).startsWith("the config is not valid for container mode:\n")
                            .contains("machine.type");
                });
        assertThatThrownBy(() -> applier.apply(request("apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: x\n",
                Mode.NO_REBOOT))).isInstanceOfSatisfying(Refused.class, r -> {
                    assertThat(r.invalid()).isTrue();
                    assertThat(r.getMessage()).contains("doesn't contain v1alpha1 config");
                });
        assertThat(stored()).isEqualTo(WORKER);
        assertThat(active()).isEqualTo(WORKER);
    }
}
