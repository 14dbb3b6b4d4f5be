package dev.anvil.cosi.resource.meta;

import java.util.List;

/**
 * The singular of a plural English noun at the end of a CamelCase type name, enough for resource type names
 * ({@code MachineStatuses}, {@code Addresses}, {@code Identities}, {@code Services}). A word it cannot make singular
 * comes back unchanged, which {@link ResourceDefinition#spec()} reports as "not plural".
 */
final class English {
    /** Plurals that add "es" rather than "s": the "es" goes. */
    private static final List<String> ES_ENDINGS = List.of("sses", "uses", "xes", "ches", "shes", "zzes");

    private English() {
    }

    static String singular(String plural) {
        if (plural.endsWith("ies") && plural.length() > 3) {
            return plural.substring(0, plural.length() - 3) + "y";
        }
        for (String ending : ES_ENDINGS) {
            if (plural.endsWith(ending)) {
                return plural.substring(0, plural.length() - 2);
            }
        }
        if (plural.endsWith("s") && !plural.endsWith("ss") && !plural.endsWith("us") && !plural.endsWith("is")) {
            return plural.substring(0, plural.length() - 1);
        }
        return plural;
    }
}
