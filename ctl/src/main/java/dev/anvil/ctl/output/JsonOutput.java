package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.EventType;

import java.io.PrintWriter;
import java.util.Map;

/** One indented JSON object a resource: {@code metadata}, {@code node}, {@code spec} (and {@code event} in a watch). */
final class JsonOutput extends DocumentOutput {
    JsonOutput(PrintWriter out) {
        super(out);
    }

    @Override
    public void write(String node, Resource<?> resource, EventType event) {
        out.println(JsonText.indented(data(node, resource, shown(event))));
        out.flush();
    }

    /** What JSON and JSONPath see of a resource. */
    static Map<String, Object> data(String node, Resource<?> resource, EventType event) {
        Map<String, Object> data = new ResourceDocument(resource).data();
        data.put("node", node);
        if (event != null) {
            data.put("event", ResourceOutput.eventName(event));
        }
        return data;
    }
}
