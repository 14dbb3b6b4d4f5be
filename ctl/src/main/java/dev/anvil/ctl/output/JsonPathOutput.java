package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.EventType;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A JSONPath template applied to each resource's JSON form: every value it selects on a line of its own, maps and
 * lists as indented JSON, scalars as text. A key the resource lacks is an error, as in talosctl.
 */
final class JsonPathOutput extends DocumentOutput {
    private final JsonPath template;

    JsonPathOutput(PrintWriter out, JsonPath template) {
        super(out);
        this.template = template;
    }

    @Override
    public void write(String node, Resource<?> resource, EventType event) {
        List<List<Object>> results;
        try {
            results = template.results(JsonOutput.data(node, resource, shown(event)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error finding result for jsonpath: " + e.getMessage(), e);
        }
        for (List<Object> group : results) {
            for (Object value : group) {
                out.println(value instanceof Map<?, ?> || value instanceof List<?> ? JsonText.indented(value)
                        : GoText.of(value));
            }
        }
        out.flush();
    }
}
