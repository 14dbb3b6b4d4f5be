package dev.anvil.machined.upgrade;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.storage.Meta;
import dev.anvil.machinery.upgrade.Bundle;
import dev.anvil.machinery.upgrade.BundleSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradesTest {
    private static final KeyPair TRUSTED = BundleSignature.generate();

    @TempDir
    Path dir;
    private final AtomicInteger reboots = new AtomicInteger();
    private Meta meta;

    @BeforeEach
    void meta() throws IOException {
        meta = new Meta(dir.resolve("meta"), new InMemoryState());
        meta.load();
    }

    private Upgrades upgrades(String running) throws IOException {
        return new Upgrades(new ContainerSlots(dir.resolve("boot"), running), meta,
                () -> List.of(TRUSTED.getPublic()), () -> "actor-" + reboots.incrementAndGet());
    }

    private byte[] bundle(String version, KeyPair key) throws IOException {
        Path jar = Files.writeString(dir.resolve("machined.jar"), "machined " + version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bundle.write(out, version, List.of(new Bundle.Source("machined/machined.jar", jar)), key.getPrivate());
        return out.toByteArray();
    }

    @Test
    void upload_writesTheOtherSlot_bootsItOnce_andKeepsTheFallbackInMeta() throws IOException {
        Upgrades upgrades = upgrades("A");
        var installed = upgrades.upload(new ByteArrayInputStream(bundle("v2", TRUSTED)), false);
        assertThat(installed).isEqualTo(new Upgrades.Installed("v2", "B", "actor-1"));
        BootSlots slots = upgrades.slots();
        assertThat(slots.slots()).containsExactly(new BootSlots.Slot("A", ""), new BootSlots.Slot("B", "v2"));
        assertThat(slots.defaultLabel()).isEqualTo("A");
        assertThat(slots.next()).contains("B");
        assertThat(Files.readString(dir.resolve("boot/B/machined/machined.jar"))).isEqualTo("machined v2");
        assertThat(new String(meta.values().get(Upgrades.META_UPGRADE), StandardCharsets.UTF_8)).isEqualTo("A");
    }

    @Test
    void upload_staged_doesNotReboot() throws IOException {
        assertThat(upgrades("A").upload(new ByteArrayInputStream(bundle("v2", TRUSTED)), true).actorId()).isEmpty();
        assertThat(reboots).hasValue(0);
    }

    @Test
    void upload_untrusted_writesNothing() throws IOException {
        Upgrades upgrades = upgrades("A");
        assertThatThrownBy(() -> upgrades.upload(new ByteArrayInputStream(bundle("v2",
                BundleSignature.generate())), false)).isInstanceOf(Bundle.Refused.class);
        assertThat(upgrades.slots().slots()).extracting(BootSlots.Slot::version).containsOnly("");
        assertThat(upgrades.slots().next()).isEmpty();
        assertThat(meta.values()).doesNotContainKey(Upgrades.META_UPGRADE);
        assertThat(reboots).hasValue(0);
    }

    @Test
    void rollback_makesTheOtherSlotTheDefault_andDropsTheFallback() throws IOException {
        upgrades("A").upload(new ByteArrayInputStream(bundle("v1", TRUSTED)), true);
        Upgrades onB = upgrades("B");
        onB.slots().makeDefault("B");
        onB.upload(new ByteArrayInputStream(bundle("v2", TRUSTED)), true);
        Upgrades onA = upgrades("A");
        onA.slots().makeDefault("A");
        assertThat(onA.rollback()).startsWith("actor-");
        assertThat(onA.slots().defaultLabel()).isEqualTo("B");
        assertThat(onA.slots().next()).isEmpty();
        assertThat(meta.values()).doesNotContainKey(Upgrades.META_UPGRADE);
    }

    @Test
    void rollback_nothingInTheOtherSlot_refused() throws IOException {
        assertThatThrownBy(() -> upgrades("A").rollback()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds nothing");
    }

    @Test
    void takeFallback_reportsTheLaunchersReasonOnce_thenKeepsIt() throws IOException {
        Files.createDirectories(dir.resolve("boot"));
        Files.writeString(dir.resolve("boot/rolled-back"), "machined v2 on slot B exited with status 1\n");
        BootSlots slots = new ContainerSlots(dir.resolve("boot"), "A");
        assertThat(slots.takeFallback()).contains("machined v2 on slot B exited with status 1");
        assertThat(slots.takeFallback()).isEmpty();
        assertThat(slots.rolledBack()).contains("machined v2 on slot B exited with status 1");
    }
}
