package dev.anvil.machinery.config.schema;

import java.util.List;

/**
 * A value of an {@code extraArgs} map: Talos accepts either one string or (newer releases) a list of strings, one
 * flag occurrence each. Exactly one of the two is set.
 */
public record ArgValue(String single, List<String> many) {

    public ArgValue {
        if ((single == null) == (many == null)) {
            throw new IllegalArgumentException("an argument is either one string or a list of strings");
        }
        many = many == null ? null : List.copyOf(many);
    }

    public static ArgValue of(String value) {
        return new ArgValue(value, null);
    }

    public static ArgValue of(List<String> values) {
        return new ArgValue(null, values);
    }
}
