package dev.anvil.ctl.output;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Tombstone;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resource as the get command prints it, from what the wire carried: its YAML ({@code metadata:} then
 * {@code spec:}), and the same as plain data for JSON and JSONPath. The spec is the server's YAML of it; a machine
 * config's is one string holding the config documents, and talosctl prints it so also from a node that sent the
 * documents themselves (older Talos, without the annotation that marks the string form).
 */
public record ResourceDocument(Resource<?> resource) {
    private static final LoadSettings LOAD = LoadSettings.builder().setSchema(new CoreSchema()).build();
    private static final DumpSettings TEXT = DumpSettings.builder().setDefaultScalarStyle(ScalarStyle.LITERAL)
            .build();

    /** The spec as YAML text (blank for a resource without one). */
    public String specYaml() {
        return switch (resource.spec()) {
            case RawSpec raw when isMachineConfig() -> new Dump(TEXT).dumpToString(MachineConfig.documents(resource));
            case RawSpec raw -> raw.yamlSpec();
            case Tombstone t -> "";
            case MachineConfig config when isMachineConfig() -> new Dump(TEXT).dumpToString(config.yaml());
            default -> ResourceYaml.encodeSpec(resource.spec());
        };
    }

    public String yaml() {
        return ResourceYaml.encode(resource.metadata(), specYaml());
    }

    /** The spec as data: maps, lists and scalars (null for none). */
    public Object spec() {
        String yaml = specYaml();
        return yaml.isBlank() ? null : new Load(LOAD).loadFromString(yaml);
    }

    /** The whole resource as data, {@code metadata} and {@code spec}, with room for more keys. */
    public Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        ((Map<?, ?>) new Load(LOAD).loadFromString(yaml())).forEach((k, v) -> data.put(String.valueOf(k), v));
        return data;
    }

    /** talosctl's exception: a machine config without annotations prints its spec as the documents' text. */
    private boolean isMachineConfig() {
        return resource.metadata().type().equals(MachineConfig.TYPE) && resource.metadata().annotations().isEmpty();
    }
}
