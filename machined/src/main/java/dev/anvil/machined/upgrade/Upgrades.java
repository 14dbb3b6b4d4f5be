package dev.anvil.machined.upgrade;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.WatchCondition;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.storage.Meta;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.upgrade.Bundle;
import dev.anvil.machinery.upgrade.BundleManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Upgrades and rollbacks of one node over its {@link BootSlots}, as Talos does them with its boot loader:
 * <ul>
 * <li>an upload is checked (signature with a key the config trusts, then each file's digest) into a staging
 * directory, and only then replaces the slot that is not running; that slot boots once at the next boot, and META's
 * {@code Upgrade} key (0x06) holds the slot to fall back to;</li>
 * <li>once the node runs healthy on the slot on trial, it becomes the default and the {@code Upgrade} key goes
 * (Talos's DropUpgradeFallbackController); if it never does, the boot loader boots the default again by itself,
 * and the next boot reports why with an event;</li>
 * <li>a rollback makes the other slot the default and reboots.</li>
 * </ul>
 */
public final class Upgrades {
    /** META's key for the slot to fall back to while an upgrade is on trial (Talos's {@code Upgrade}). */
    public static final int META_UPGRADE = 0x06;

    private final BootSlots slots;
    private final Meta meta;
    private final Supplier<List<PublicKey>> trusted;
    private final Supplier<String> reboot;

    /** What an upload did: the version written and, when the node reboots into it now, the reboot's actor id. */
    public record Installed(String version, String slot, String actorId) {
    }

    public Upgrades(BootSlots slots, Meta meta, Supplier<List<PublicKey>> trusted, Supplier<String> reboot) {
        this.slots = slots;
        this.meta = meta;
        this.trusted = trusted;
        this.reboot = reboot;
    }

    public BootSlots slots() {
        return slots;
    }

    /**
     * Takes a bundle into the slot that is not running and, unless staged, reboots into it once. Refused
     * ({@link Bundle.Refused}) with nothing written to a slot when the bundle is not signed by a trusted key or
     * differs from its manifest.
     */
    public synchronized Installed upload(InputStream bundle, boolean stage) throws IOException {
        String target = BootSlots.other(slots.running());
        var staging = slots.staging();
        BundleManifest manifest;
        try {
            manifest = Bundle.extract(bundle, trusted.get(), staging);
        } catch (IOException | RuntimeException e) {
            Bundle.empty(staging);
            throw e;
        }
        if (!manifest.byPath().containsKey("machined/machined.jar")) {
            Bundle.empty(staging);
            throw new Bundle.Refused("the bundle holds no machined/machined.jar, which this node runs");
        }
        slots.install(target, staging, manifest.version());
        if (meta != null) {
            meta.write(META_UPGRADE, slots.running().getBytes(StandardCharsets.UTF_8));
        }
        slots.bootOnce(target);
        Log.info("upgrade written", "slot", target, "version", manifest.version(), "staged", stage);
        return new Installed(manifest.version(), target, stage ? "" : reboot.get());
    }

    /** Makes the other slot the default and reboots into it; returns the reboot's actor id. */
    public synchronized String rollback() throws IOException {
        String other = BootSlots.other(slots.running());
        boolean installed = slots.slots().stream().anyMatch(s -> s.label().equals(other) && !s.version().isEmpty());
        if (!installed && !slots.defaultLabel().equals(slots.running())) {
            // the running slot is on trial: going back means its default, built-in or not
            installed = true;
        }
        if (!installed) {
            throw new IllegalStateException("slot " + other + " holds nothing to roll back to");
        }
        slots.makeDefault(other);
        dropFallback();
        Log.info("rolling back", "from", slots.running(), "to", other);
        return reboot.get();
    }

    /**
     * At boot: reports a fallback the boot loader made (an event and the log), and forgets the upgrade it ended;
     * then, on a virtual thread, makes the running slot the default once the node is running and ready (or in
     * maintenance mode).
     */
    public void boot(State state, EventStream events) throws IOException {
        var rolledBack = slots.takeFallback();
        if (rolledBack.isPresent()) {
            events.publish(new MachineEvent.SequenceEvent("upgrade", MachineEvent.Action.STOP,
                    "rolled back: " + rolledBack.get()), "");
            Log.warn("rolled back", "why", rolledBack.get());
            dropFallback();
        }
        if (slots.defaultLabel().equals(slots.running()) && slots.next().isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("upgrade commit").start(() -> {
            try {
                state.watchFor(MachineStatus.POINTER, Duration.ofDays(1), WatchCondition.resource(r ->
                        r.spec() instanceof MachineStatus s && (s.stage() == MachineStatus.Stage.MAINTENANCE
                                || s.stage() == MachineStatus.Stage.RUNNING && s.status().ready())));
                commit();
            } catch (InterruptedException | TimeoutException | IOException e) {
                Log.warn("the upgrade was not made the default", "error", String.valueOf(e.getMessage()));
            }
        });
    }

    private synchronized void commit() throws IOException {
        if (slots.next().isPresent() && !slots.next().get().equals(slots.running())) {
            // an upgrade staged meanwhile boots at the next boot: keep it pending
            return;
        }
        slots.makeDefault(slots.running());
        dropFallback();
        Log.info("upgrade committed: the running slot is the default", "slot", slots.running());
    }

    private void dropFallback() throws IOException {
        if (meta != null && meta.values().containsKey(META_UPGRADE)) {
            meta.delete(META_UPGRADE);
        }
    }
}
