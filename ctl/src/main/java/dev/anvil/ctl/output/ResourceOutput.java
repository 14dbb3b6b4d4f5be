package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.EventType;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code get} prints resources, one format per implementation as talosctl's output writers: a table, YAML
 * documents, JSON objects, or a JSONPath template per resource. A watch passes each resource's event; a listing
 * passes null.
 */
public sealed interface ResourceOutput permits TableOutput, DocumentOutput {

    /** @throws IllegalArgumentException for an unknown format or a JSONPath template that does not parse */
    static ResourceOutput of(String format, PrintWriter out) {
        if (format.startsWith("jsonpath=")) {
            return new JsonPathOutput(out, JsonPath.parse(format.substring("jsonpath=".length())));
        }
        return switch (format) {
            case "table" -> new TableOutput(out);
            case "yaml" -> new YamlOutput(out);
            case "json" -> new JsonOutput(out);
            default -> throw new IllegalArgumentException("output format \"" + format + "\" is not supported"
                    + " (table, yaml, json, jsonpath=TEMPLATE)");
        };
    }

    void header(ResourceDefinitionSpec definition, boolean withEvents);

    void write(String node, Resource<?> resource, EventType event);

    /** Prints what is buffered; a table aligns the rows it prints together. */
    void flush();

    /** An event's name in YAML and JSON output: "created", "updated", "destroyed". */
    static String eventName(EventType event) {
        return event.name().toLowerCase(Locale.ROOT);
    }
}
