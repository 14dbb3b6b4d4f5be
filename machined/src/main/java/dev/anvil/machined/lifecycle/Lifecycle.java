package dev.anvil.machined.lifecycle;

import dev.anvil.machined.sequencer.Phase;
import dev.anvil.machined.sequencer.Sequence;
import dev.anvil.machined.sequencer.SequenceLockedException;
import dev.anvil.machined.sequencer.Sequencer;
import dev.anvil.machined.sequencer.Task;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machined.storage.Meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The ways a running node ends: reboot, shutdown and reset, each a sequence whose events carry the actor id the
 * caller got back, so that a client can follow it. The sequence runs after a short grace period, which lets the
 * API reply reach the caller first; services stop (dependents first), the API closes, and then the {@link Terminal}
 * acts: in container mode a reboot runs machined again as the same PID 1, a power-off ends it (and with it the
 * node's namespaces).
 *
 * <p>Reset wipes the node's system partitions first. In container mode they are directories: STATE is where the
 * persisted config lives, EPHEMERAL is /var; META is the node's {@link Meta}. A node reset without a reboot is
 * powered off, as Talos does.
 */
public final class Lifecycle {
    /** The system partitions a reset may wipe, by Talos label, and where they are in container mode. */
    public static final List<String> LABELS = List.of("STATE", "EPHEMERAL", "META");
    private static final Duration GRACE = Duration.ofMillis(200);

    private final Sequencer sequencer;
    private final Supervisor supervisor;
    private final Runnable closeApi;
    private final Terminal terminal;
    private final Path state;
    private final Path ephemeral;
    private final Meta meta;
    private final Path secrets;

    /** What ends the process; the real one never returns. */
    public interface Terminal {
        void reboot();

        void powerOff();
    }

    /** A node without META. */
    public Lifecycle(Sequencer sequencer, Supervisor supervisor, Runnable closeApi, Terminal terminal, Path state,
            Path ephemeral) {
        this(sequencer, supervisor, closeApi, terminal, state, ephemeral, null);
    }

    public Lifecycle(Sequencer sequencer, Supervisor supervisor, Runnable closeApi, Terminal terminal, Path state,
            Path ephemeral, Meta meta) {
        this(sequencer, supervisor, closeApi, terminal, state, ephemeral, meta, null);
    }

    /**
     * A node whose runtime secrets (certificates and keys the services read, derived from the config) are files
     * under {@code secrets}: Talos keeps them in memory (/system is a tmpfs there), so a reset wipes them whatever
     * it is asked to wipe. Null: none.
     */
    public Lifecycle(Sequencer sequencer, Supervisor supervisor, Runnable closeApi, Terminal terminal, Path state,
            Path ephemeral, Meta meta, Path secrets) {
        this.secrets = secrets;
        this.sequencer = sequencer;
        this.supervisor = supervisor;
        this.closeApi = closeApi;
        this.terminal = terminal;
        this.state = state;
        this.ephemeral = ephemeral;
        this.meta = meta;
    }

    /** Starts a reboot; returns its actor id. Fails when another sequence runs that a reboot may not take over. */
    public String reboot() {
        return start(Sequence.REBOOT, List.of(), terminal::reboot);
    }

    public String shutdown() {
        return start(Sequence.SHUTDOWN, List.of(), terminal::powerOff);
    }

    /**
     * Starts a reset that wipes the partitions with these labels (empty: all of them), then reboots or powers off.
     * An unknown label is refused before anything happens.
     */
    public String reset(Set<String> labels, boolean reboot) {
        List<String> wipe = new ArrayList<>();
        for (String label : labels) {
            String upper = label.toUpperCase(Locale.ROOT);
            if (!LABELS.contains(upper)) {
                throw new IllegalArgumentException("unknown system partition " + label + " (known: "
                        + String.join(", ", LABELS) + ")");
            }
            wipe.add(upper);
        }
        List<String> chosen = wipe.isEmpty() ? LABELS : wipe;
        List<Task> tasks = new ArrayList<>(chosen.stream().map(label -> new Task("wipe" + label,
                () -> wipe(label))).toList());
        if (secrets != null) {
            tasks.add(new Task("wipeRuntimeSecrets", () -> empty(secrets)));
        }
        return start(Sequence.RESET, List.of(Phase.of("wipe", tasks.toArray(Task[]::new))),
                reboot ? terminal::reboot : terminal::powerOff);
    }

    private String start(Sequence sequence, List<Phase> before, Runnable end) {
        Sequence running = sequencer.running();
        if (running != null && !running.canBeTakenOverBy(sequence)) {
            throw new SequenceLockedException(sequence, running);
        }
        String actorId = UUID.randomUUID().toString();
        List<Phase> phases = new ArrayList<>(before);
        phases.addFirst(Phase.of("stopServices", new Task("stopAllServices", supervisor::stopAll)));
        phases.add(Phase.of("stopApi", new Task("stopApi", closeApi::run)));
        Thread.ofPlatform().name(sequence + "-" + actorId).start(() -> {
            try {
                Thread.sleep(GRACE);
                sequencer.run(sequence, phases, actorId);
            } catch (Exception e) {
                // the sequence's events carry the failure; the node goes on as it was
                return;
            }
            end.run();
        });
        return actorId;
    }

    private void wipe(String label) throws IOException {
        if (label.equals("META")) {
            if (meta != null) {
                meta.wipe();
            }
            return;
        }
        empty(label.equals("STATE") ? state : ephemeral);
    }

    private static void empty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
