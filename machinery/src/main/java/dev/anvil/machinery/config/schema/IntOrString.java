package dev.anvil.machinery.config.schema;

/**
 * A scalar Talos reads either as a number or as text (sizes such as {@code 100GB} or {@code 1073741824}, file modes
 * such as {@code 0o644}). The text is kept as written and {@link #isNumber()} remembers whether it was a plain
 * number, so that encoding writes the same YAML type back.
 */
public record IntOrString(String text, boolean isNumber) {

    public static IntOrString text(String text) {
        return new IntOrString(text, false);
    }

    public static IntOrString number(String text) {
        return new IntOrString(text, true);
    }
}
