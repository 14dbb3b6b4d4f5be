package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.EventType;

import java.io.PrintWriter;

/** One YAML document a resource, separated by {@code ---}: {@code node:}, in a watch {@code event:}, then the resource. */
final class YamlOutput extends DocumentOutput {
    private boolean needDashes;

    YamlOutput(PrintWriter out) {
        super(out);
    }

    @Override
    public void write(String node, Resource<?> resource, EventType event) {
        String yaml = new ResourceDocument(resource).yaml();
        if (needDashes) {
            out.println("---");
        }
        needDashes = true;
        out.println("node: " + node);
        if (shown(event) != null) {
            out.println("event: " + ResourceOutput.eventName(event));
        }
        out.print(yaml);
        out.flush();
    }
}
