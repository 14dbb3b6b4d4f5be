package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.EventType;

import java.io.PrintWriter;

/** The formats that print each resource on its own as it comes (YAML, JSON, JSONPath): nothing is buffered. */
abstract sealed class DocumentOutput implements ResourceOutput permits YamlOutput, JsonOutput, JsonPathOutput {
    final PrintWriter out;
    private boolean withEvents;

    DocumentOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public final void header(ResourceDefinitionSpec definition, boolean events) {
        withEvents = events;
    }

    /** The event to print with a resource: the one given in a watch, null in a listing. */
    final EventType shown(EventType event) {
        return withEvents ? event : null;
    }

    @Override
    public final void flush() {
        out.flush();
    }
}
