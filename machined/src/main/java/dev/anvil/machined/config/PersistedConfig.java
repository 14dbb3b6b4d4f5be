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
import java.util.List;

/**
 * The node's machine config on its STATE storage (the state directory in container mode): read at boot, replaced
 * atomically on apply, so a crash leaves the old config or the new one, never a mix.
 */
public final class PersistedConfig {
    private final Path file;
    private final ValidationMode mode;

    public PersistedConfig(Path file, ValidationMode mode) {
        this.file = file;
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
        if (!Files.exists(file)) {
            return new Absent();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        LoadResult loaded = ConfigLoader.load(text, false);
        List<ConfigProblem> problems = Validator.validate(loaded, mode, false);
        List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
        if (!errors.isEmpty()) {
            return new Corrupt(errors);
        }
        return new Valid(text, loaded, problems);
    }

    /** Stores a config that was validated by the caller. */
    public void write(String text) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
