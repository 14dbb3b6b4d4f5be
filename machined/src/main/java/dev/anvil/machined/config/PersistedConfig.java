package dev.anvil.machined.config;

import dev.anvil.machined.storage.AtomicFile;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's machine config on its STATE storage (the state directory in container mode): read at boot, replaced
 * atomically on apply, so a crash leaves the old config or the new one, never a mix. The config it replaces is kept
 * beside it, as atomically, as the last-known-good config ({@code config.last-good.yaml}): the node ran with it, it
 * survives reboots, and the node boots from it when the stored config no longer loads.
 */
public final class PersistedConfig {
    private final Path file;
    private final Path lastKnownGood;
    private final ValidationMode mode;

    public PersistedConfig(Path file, ValidationMode mode) {
        this.file = file;
        this.lastKnownGood = file.resolveSibling("config.last-good.yaml");
        this.mode = mode;
    }

    /** What boot finds. */
    public sealed interface Found {
    }

    /** No config was ever applied: the node waits in maintenance mode. */
    public record Absent() implements Found {
    }

    /** A config that loads and validates (warnings allowed). */
    public record Valid(String text, LoadResult loaded, List<ConfigProblem> warnings) implements Found {
    }

    /** A config that no longer loads or validates: reported, and the node falls back to maintenance mode. */
    public record Corrupt(List<ConfigProblem> errors) implements Found {
    }

    public Found read() throws IOException {
        return read(file);
    }

    /** The config stored before the current one, as boot would find it. */
    public Found readLastKnownGood() throws IOException {
        return read(lastKnownGood);
    }

    private Found read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return new Absent();
        }
        return check(Files.readString(path, StandardCharsets.UTF_8), mode);
    }

    /**
     * A config as a node would boot with it: Valid, or Corrupt with every error. Besides what the loader and the
     * validator find, a node needs at least one document (Talos: "config not found") and the v1alpha1 one, which
     * holds the machine's identity and its OS CA.
     */
    public static Found check(String text, ValidationMode mode) {
        LoadResult loaded = ConfigLoader.load(text, false);
        List<ConfigProblem> problems = new ArrayList<>(Validator.validate(loaded, mode, false));
        if (loaded.ok() && loaded.config().documents().isEmpty()) {
            problems.add(new ConfigProblem("stream", "", 0, "config not found: there is no document",
                    ConfigProblem.Severity.ERROR));
        } else if (loaded.ok() && loaded.config().v1alpha1().isEmpty()) {
            problems.add(new ConfigProblem("v1alpha1", "", 0, "the v1alpha1 document (version: v1alpha1, with"
                    + " machine and cluster) is missing; a node boots only with one", ConfigProblem.Severity.ERROR));
        }
        List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
        if (!errors.isEmpty()) {
            return new Corrupt(errors);
        }
        return new Valid(text, loaded, problems);
    }

    /**
     * Stores a config that was validated by the caller; the one stored before becomes the last-known-good if it
     * is valid (first, so that a crash in between leaves both the old config and its copy).
     */
    public void write(String text) throws IOException {
        if (Files.exists(file)) {
            String previous = Files.readString(file, StandardCharsets.UTF_8);
            // a stored config the node could not boot from is no good to fall back on
            if (!previous.equals(text) && check(previous, mode) instanceof Valid) {
                AtomicFile.write(lastKnownGood, previous.getBytes(StandardCharsets.UTF_8));
            }
        }
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
