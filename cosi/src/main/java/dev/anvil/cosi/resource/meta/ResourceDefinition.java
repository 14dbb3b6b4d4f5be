package dev.anvil.cosi.resource.meta;

import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec.PrintColumn;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec.Sensitivity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a resource type declares about itself (the COSI runtime's {@code ResourceDefinition()} of a type): its type
 * string, default namespace, hand-picked aliases, extra table columns and sensitivity. {@link #spec()} validates it
 * and derives the rest, so every type gets the same automatic names.
 */
public record ResourceDefinition(String type, String defaultNamespace, List<String> aliases,
                                 List<PrintColumn> printColumns, boolean sensitive, boolean skipAutomaticAliases) {
    private static final Pattern NAME = Pattern.compile("^[A-Z][A-Za-z0-9-]+$");
    private static final Pattern SUFFIX = Pattern.compile("^[a-z][a-z0-9-]+(\\.[a-z][a-z0-9-]+)*$");

    public ResourceDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        aliases = List.copyOf(aliases);
        printColumns = List.copyOf(printColumns);
    }

    public static ResourceDefinition of(String type, String defaultNamespace) {
        return new ResourceDefinition(type, defaultNamespace, List.of(), List.of(), false, false);
    }

    public ResourceDefinition withAliases(String... more) {
        List<String> all = new ArrayList<>(aliases);
        all.addAll(List.of(more));
        return new ResourceDefinition(type, defaultNamespace, all, printColumns, sensitive, skipAutomaticAliases);
    }

    public ResourceDefinition withPrintColumn(String name, String jsonPath) {
        List<PrintColumn> all = new ArrayList<>(printColumns);
        all.add(new PrintColumn(name, jsonPath));
        return new ResourceDefinition(type, defaultNamespace, aliases, all, sensitive, skipAutomaticAliases);
    }

    /** Readable by os:admin only. */
    public ResourceDefinition asSensitive() {
        return new ResourceDefinition(type, defaultNamespace, aliases, printColumns, true, skipAutomaticAliases);
    }

    public ResourceDefinition withoutAutomaticAliases() {
        return new ResourceDefinition(type, defaultNamespace, aliases, printColumns, sensitive, true);
    }

    /**
     * The published spec. The type must be {@code PluralName.suffix} (a CamelCase plural, then dot-separated
     * lower-case words); the display type is the singular. Unless skipped, the aliases gain the lower-case
     * singular and, for a name of two capitals or more, those capitals ({@code rd}) and their plural ({@code rds});
     * all aliases also hold the lower-case plural alone and with each leading part of the suffix.
     *
     * @throws IllegalArgumentException naming the type and what is wrong with it
     */
    public ResourceDefinitionSpec spec() {
        int dot = type.indexOf('.');
        if (dot < 0) {
            throw invalid("missing suffix");
        }
        String name = type.substring(0, dot);
        String suffix = type.substring(dot + 1);
        if (name.isEmpty()) {
            throw invalid("name is empty");
        }
        if (suffix.isEmpty()) {
            throw invalid("suffix is empty");
        }
        if (name.toLowerCase(Locale.ROOT).equals(name)) {
            throw invalid("name should be in CamelCase");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid("name doesn't match \"" + NAME.pattern() + "\"");
        }
        if (!SUFFIX.matcher(suffix).matches()) {
            throw invalid("suffix doesn't match \"" + SUFFIX.pattern() + "\"");
        }
        String displayType = English.singular(name);
        if (displayType.equals(name)) {
            throw invalid("name should be plural");
        }
        List<String> named = new ArrayList<>(aliases);
        List<String> all = new ArrayList<>();
        if (!skipAutomaticAliases) {
            named.add(displayType.toLowerCase(Locale.ROOT));
            String plural = name.toLowerCase(Locale.ROOT);
            all.add(plural);
            String[] parts = suffix.split("\\.");
            StringBuilder prefix = new StringBuilder(plural);
            for (int i = 0; i < parts.length - 1; i++) {
                prefix.append('.').append(parts[i]);
                all.add(prefix.toString());
            }
            String capitals = name.codePoints().filter(Character::isUpperCase)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (capitals.length() > 1) {
                named.add(capitals.toLowerCase(Locale.ROOT));
                if (!capitals.endsWith("S")) {
                    named.add(capitals.toLowerCase(Locale.ROOT) + "s");
                }
            }
        }
        all.addAll(named);
        return new ResourceDefinitionSpec(type, displayType, defaultNamespace, named, all, printColumns,
                sensitive ? Optional.of(Sensitivity.SENSITIVE) : Optional.empty());
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("invalid resource definition " + type + ": " + why);
    }
}
