package dev.anvil.machined.config;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.runtime.ApplyAudit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The audit of config applies: one JSON object a line, appended (and synced) to a file in the state directory that
 * is never rewritten, and the latest {@link ApplyAudit#KEPT} entries published as {@code ApplyAudit} resources.
 * At boot the file's entries are published again, so the audit survives reboots. Appends are serialised.
 */
public final class AuditLog {
    private static final Load LOAD = new Load(LoadSettings.builder().build());

    private final Path file;
    private final State state;
    private long count;

    public AuditLog(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    /** Publishes what the file holds already (a line that does not parse is skipped); call once, at boot. */
    public synchronized void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        count = lines.size();
        for (int i = Math.max(0, lines.size() - ApplyAudit.KEPT); i < lines.size(); i++) {
            try {
                publish(i + 1, decode(lines.get(i)));
            } catch (RuntimeException e) {
                Log.warn("skipping an audit line that does not parse", "line", i + 1, "error", e.getMessage());
            }
        }
    }

    /** Appends one entry and publishes it; an entry that cannot be written is logged, never fatal to the apply. */
    public synchronized void record(ApplyAudit entry) {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((encode(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                out.write(line);
            }
            out.force(true);
        } catch (IOException e) {
            Log.warn("the apply audit could not be written", "file", file, "error", e.getMessage());
        }
        count++;
        publish(count, entry);
        if (count > ApplyAudit.KEPT) {
            state.destroy(ApplyAudit.KIND.pointer(ApplyAudit.id(count - ApplyAudit.KEPT)), ConfigPublisher.OWNER);
        }
    }

    private void publish(long n, ApplyAudit entry) {
        state.modify(new Resource<>(Metadata.of(ApplyAudit.KIND.pointer(ApplyAudit.id(n))), entry),
                r -> r.withSpec(entry), UpdateOptions.owner(ConfigPublisher.OWNER));
    }

    static String encode(ApplyAudit e) {
        return "{\"time\":" + Log.jsonString(e.time()) + ",\"subject\":" + Log.jsonString(e.subject())
                + ",\"roles\":[" + e.roles().stream().map(Log::jsonString).collect(Collectors.joining(","))
                + "],\"mode\":" + Log.jsonString(e.mode()) + ",\"dryRun\":" + e.dryRun()
                + ",\"outcome\":" + Log.jsonString(e.outcome()) + ",\"summary\":" + Log.jsonString(e.summary())
                + "}";
    }

    /** A JSON line is a YAML flow mapping: the YAML loader reads it back. */
    @SuppressWarnings("unchecked")
    static ApplyAudit decode(String line) {
        Map<String, Object> m = (Map<String, Object>) LOAD.loadFromString(line);
        List<String> roles = new ArrayList<>();
        ((List<Object>) m.getOrDefault("roles", List.of())).forEach(r -> roles.add(String.valueOf(r)));
        return new ApplyAudit(text(m, "time"), text(m, "subject"), roles, text(m, "mode"),
                Boolean.TRUE.equals(m.get("dryRun")), text(m, "outcome"), text(m, "summary"));
    }

    private static String text(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value == null ? "" : value.toString();
    }
}
