package dev.anvil.cosi.resource.meta;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec of a {@code ResourceDefinition} resource, as published in namespace {@code meta} (ID = the lower-cased
 * type): the names a client may call the type by, the namespace its resources live in by default, the columns a
 * table of them adds, and whether only os:admin may read them. Made from a {@link ResourceDefinition} by
 * {@link ResourceDefinition#spec()}; the wire numbers and YAML keys are the COSI runtime's.
 */
public record ResourceDefinitionSpec(
        @ProtoField(1) String type,
        @ProtoField(2) String displayType,
        @ProtoField(3) String defaultNamespace,
        @ProtoField(4) List<String> aliases,
        @ProtoField(5) List<String> allAliases,
        @ProtoField(6) List<PrintColumn> printColumns,
        @ProtoField(7) Optional<Sensitivity> sensitivity) implements Spec {

    public static final String TYPE = "ResourceDefinitions.meta.cosi.dev";
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, MetaNamespace.NAME)
            .withAliases("api-resources").withPrintColumn("Aliases", "{.aliases[:]}");

    public ResourceDefinitionSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(displayType, "displayType");
        Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        aliases = List.copyOf(aliases);
        allAliases = List.copyOf(allAliases);
        printColumns = List.copyOf(printColumns);
        // the runtime omits the non-sensitive default from YAML: absent and NON_SENSITIVE are one value
        sensitivity = sensitivity.filter(s -> s != Sensitivity.NON_SENSITIVE);
    }

    /** The definition of {@code type}: its ID is the type in lower case. */
    public static Pointer pointer(String type) {
        return new Pointer(MetaNamespace.NAME, TYPE, type.toLowerCase(Locale.ROOT));
    }

    public boolean sensitive() {
        return sensitivity.isPresent();
    }

    /** True when {@code name} is this type's ID or one of its aliases, ignoring case, as talosctl matches. */
    public boolean isCalled(String name) {
        return type.equalsIgnoreCase(name) || allAliases.stream().anyMatch(a -> a.equalsIgnoreCase(name));
    }

    /** A column a table of the type's resources adds: its header and a JSONPath template over the spec. */
    public record PrintColumn(@ProtoField(1) String name, @ProtoField(2) String jsonPath) {
        public PrintColumn {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jsonPath, "jsonPath");
        }
    }

    /** How secret the type's resources are; in YAML the runtime writes "sensitive" or nothing. */
    public enum Sensitivity {
        @ProtoField(0) @YamlName("") NON_SENSITIVE,
        @ProtoField(1) @YamlName("sensitive") SENSITIVE
    }
}
