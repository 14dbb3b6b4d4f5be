package dev.anvil.cosi.resource;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A regular expression found anywhere in a resource ID (anchor it to match the whole ID). */
public record IdQuery(Pattern regexp) {
    public static IdQuery of(String regexp) {
        try {
            return new IdQuery(Pattern.compile(regexp));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid ID query \"" + regexp + "\": " + e.getDescription());
        }
    }

    public boolean matches(String id) {
        return regexp.matcher(id).find();
    }
}
