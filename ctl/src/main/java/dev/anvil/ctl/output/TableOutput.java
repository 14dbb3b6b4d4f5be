package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.EventType;
import dev.anvil.ctl.api.Table;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * talosctl's table: NODE, NAMESPACE, TYPE (the display type), ID, VERSION, then the definition's print columns,
 * headed in upper case and filled from the spec; a watch adds a column {@code *} after NODE with {@code +} for a
 * creation, {@code -} for a destruction and a blank for an update.
 */
final class TableOutput implements ResourceOutput {
    private final PrintWriter out;
    private Table table;
    private boolean withEvents;
    private String displayType;
    private final List<JsonPath> columns = new ArrayList<>();

    TableOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void header(ResourceDefinitionSpec definition, boolean events) {
        withEvents = events;
        displayType = definition.displayType();
        List<String> headers = new ArrayList<>(List.of("NODE"));
        if (events) {
            headers.add("*");
        }
        headers.addAll(List.of("NAMESPACE", "TYPE", "ID", "VERSION"));
        for (ResourceDefinitionSpec.PrintColumn column : definition.printColumns()) {
            headers.add(column.name().toUpperCase(Locale.ROOT));
            columns.add(JsonPath.parse(column.jsonPath()).allowingMissingKeys());
        }
        table = new Table(headers);
    }

    @Override
    public void write(String node, Resource<?> resource, EventType event) {
        List<Object> cells = new ArrayList<>(List.of(node));
        if (withEvents) {
            switch (event) {
                case CREATED -> cells.add("+");
                case DESTROYED -> cells.add("-");
                case UPDATED -> cells.add(" ");
                default -> {
                    return;
                }
            }
        }
        var metadata = resource.metadata();
        cells.addAll(List.of(metadata.namespace(), displayType, metadata.id(), metadata.version()));
        if (!columns.isEmpty()) {
            Object spec = new ResourceDocument(resource).spec();
            for (JsonPath column : columns) {
                cells.add(column.text(spec));
            }
        }
        table.row(cells);
    }

    @Override
    public void flush() {
        table.print(out);
    }
}
