package dev.anvil.machined.upgrade;

import dev.anvil.machined.storage.AtomicFile;
import dev.anvil.machinery.upgrade.Bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container-mode node's boot slots: /system/boot/A and /system/boot/B, each holding {@code VERSION} and the
 * bundle's {@code machined/} jars (an empty slot runs the jars of the Anvil build the node was started from), and
 * {@code /system/boot/state}, lines {@code default=A} and {@code next=B}, which bin/machined reads at each boot: it
 * clears {@code next} as it boots it, and when machined on that slot exits or stays unhealthy too long it boots
 * the default instead and writes why to {@code /system/boot/rolled-back} (which machined reports once, then keeps
 * as {@code last-rollback}). /system/boot is outside STATE, EPHEMERAL
 * and META, so resets keep it, as a disk's BOOT partition.
 */
public final class ContainerSlots implements BootSlots {
    public static final Path NODE = Path.of("/system/boot");
    private static final String STATE = "state";

    private final Path dir;
    private final String running;

    /** The slots under this directory; this boot runs {@code running} (null: the default one). */
    public ContainerSlots(Path dir, String running) throws IOException {
        this.dir = dir;
        this.running = running != null && LABELS.contains(running) ? running : read().getOrDefault("default", "A");
    }

    @Override
    public String running() {
        return running;
    }

    @Override
    public synchronized String defaultLabel() throws IOException {
        return read().getOrDefault("default", "A");
    }

    @Override
    public synchronized Optional<String> next() throws IOException {
        return Optional.ofNullable(read().get("next")).filter(LABELS::contains);
    }

    @Override
    public List<Slot> slots() throws IOException {
        List<Slot> slots = new ArrayList<>();
        for (String label : LABELS) {
            Path version = dir.resolve(label).resolve("VERSION");
            slots.add(new Slot(label, Files.isRegularFile(version) ? Files.readString(version).strip() : ""));
        }
        return slots;
    }

    @Override
    public Optional<String> rolledBack() throws IOException {
        return text(dir.resolve("last-rollback"));
    }

    @Override
    public synchronized Optional<String> takeFallback() throws IOException {
        Optional<String> why = text(dir.resolve("rolled-back"));
        if (why.isPresent()) {
            Files.move(dir.resolve("rolled-back"), dir.resolve("last-rollback"), StandardCopyOption.REPLACE_EXISTING);
        }
        return why;
    }

    private static Optional<String> text(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }

    @Override
    public Path staging() throws IOException {
        Path staging = dir.resolve(".incoming");
        Files.createDirectories(staging);
        Bundle.empty(staging);
        return staging;
    }

    @Override
    public synchronized void install(String label, Path staged, String version) throws IOException {
        if (label.equals(running)) {
            throw new IllegalArgumentException("slot " + label + " is running; only the other one may be written");
        }
        Files.writeString(staged.resolve("VERSION"), version + "\n");
        Path slot = dir.resolve(label);
        Path old = dir.resolve("." + label + ".old");
        if (Files.exists(slot)) {
            Bundle.empty(old);
            Files.deleteIfExists(old);
            Files.move(slot, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staged, slot, StandardCopyOption.ATOMIC_MOVE);
        Bundle.empty(old);
        Files.deleteIfExists(old);
        Files.deleteIfExists(dir.resolve("last-rollback"));
    }

    @Override
    public synchronized void bootOnce(String label) throws IOException {
        Map<String, String> state = read();
        state.put("next", label);
        write(state);
    }

    @Override
    public synchronized void makeDefault(String label) throws IOException {
        Map<String, String> state = read();
        state.put("default", label);
        state.remove("next");
        write(state);
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        Path file = dir.resolve(STATE);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    state.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        }
        return state;
    }

    private void write(Map<String, String> state) throws IOException {
        StringBuilder text = new StringBuilder();
        state.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(STATE), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
