package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.resource.codec.TextForm;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.RawSpec;

/**
 * Talos's {@code MachineConfig} resource: the config the node runs with (ID {@code v1alpha1}) and the one stored for
 * the next boot (ID {@code persistent}; ahead of the active one after a staged apply, behind it during a try), as
 * the text of its YAML document set. Sensitive: it holds the node's secrets, so only os:admin may read it.
 *
 * <p>On the wire, as Talos writes it: the protobuf spec is {@code MachineConfigSpec{yaml_marshalled = 1}}, and the
 * YAML spec is the text as one YAML string, which the {@link #YAML_SPEC} annotation announces. Talos releases before
 * that annotation sent the documents themselves as the YAML spec; {@link #documents} reads either.
 */
@TextForm
public record MachineConfig(@ProtoField(1) String yaml) implements Spec {
    public static final String TYPE = "MachineConfigs.config.talos.dev";
    public static final String NAMESPACE = "config";
    public static final Pointer ACTIVE = new Kind(NAMESPACE, TYPE).pointer("v1alpha1");
    public static final Pointer PERSISTENT = new Kind(NAMESPACE, TYPE).pointer("persistent");
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, NAMESPACE).asSensitive();
    /** Marks a YAML spec that is one string holding the documents (its value does not matter). */
    public static final String YAML_SPEC = "talos.dev/yaml-spec";

    /** An empty config travels as an empty message, which decodes as null. */
    public MachineConfig {
        yaml = yaml == null ? "" : yaml;
    }

    /** The resource as a node publishes it: the spec and the annotation that says how its YAML reads. */
    public static Resource<MachineConfig> resource(Pointer pointer, String text) {
        return new Resource<>(Metadata.of(pointer).withAnnotation(YAML_SPEC, "1"), new MachineConfig(text));
    }

    /** For the YAML spec ({@link TextForm}): the spec is the documents' text. */
    public static MachineConfig parse(String text) {
        return new MachineConfig(text);
    }

    /**
     * The documents' text of a MachineConfig resource however it came: decoded, or kept raw, where the protobuf
     * spec is read when there is one, else the YAML spec, one string when annotated, the documents themselves when
     * not (older Talos).
     */
    public static String documents(Resource<?> resource) {
        return switch (resource.spec()) {
            case MachineConfig config -> config.yaml();
            case RawSpec raw when !raw.protoSpec().isEmpty() ->
                    ProtoSpecCodec.decode(raw.protoSpec().toByteArray(), MachineConfig.class).yaml();
            case RawSpec raw when resource.metadata().annotations().containsKey(YAML_SPEC) ->
                    ResourceYaml.decodeSpec(raw.yamlSpec(), MachineConfig.class).yaml();
            case RawSpec raw -> raw.yamlSpec();
            default -> throw new IllegalArgumentException(resource.pointer() + " holds no machine config");
        };
    }

    /** The text itself: how the YAML spec shows it, as Talos's {@code MarshalYAML} returns the config bytes. */
    @Override
    public String toString() {
        return yaml;
    }
}
