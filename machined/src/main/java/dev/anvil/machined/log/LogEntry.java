package dev.anvil.machined.log;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log line as it is shipped: machined's own (service {@code machined}, with its fields) or a service's output
 * line (level {@code info}, no fields). Rendered as Talos's json_lines sender writes them: the fields, then
 * {@code msg}, {@code talos-level}, {@code talos-service} and {@code talos-time}, then the destination's extra tags,
 * a later key replacing an earlier one.
 */
public record LogEntry(Instant time, String level, String service, String msg, Map<String, Object> fields) {

    /** A service's output line. */
    public static LogEntry service(String service, String line) {
        return new LogEntry(Instant.now(), "info", service, line, Map.of());
    }

    /** One JSON object, without a newline. */
    public String json(Map<String, String> extraTags) {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("msg", msg);
        all.put("talos-level", level);
        all.put("talos-service", service);
        all.put("talos-time", time.toString());
        all.putAll(extraTags);
        StringBuilder line = new StringBuilder(64 + msg.length());
        line.append('{');
        all.forEach((key, value) -> {
            if (line.length() > 1) {
                line.append(',');
            }
            line.append(Log.jsonString(key)).append(':');
            switch (value) {
                case Boolean b -> line.append(b);
                case Integer n -> line.append(n);
                case Long n -> line.append(n);
                case null -> line.append("null");
                default -> line.append(Log.jsonString(value.toString()));
            }
        });
        return line.append('}').toString();
    }
}
