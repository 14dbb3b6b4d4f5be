package dev.anvil.cosi.resource;

import java.util.Locale;
import java.util.Map;

/** Parses label values such as {@code 10}, {@code 10kg} or {@code 4Gi}: leading digits and an optional unit prefix. */
final class NumericLabel {
    private static final Map<String, Double> UNITS = Map.ofEntries(
            Map.entry("k", 1e3), Map.entry("m", 1e6), Map.entry("g", 1e9), Map.entry("t", 1e12), Map.entry("p", 1e15),
            Map.entry("ki", 0x1p10), Map.entry("mi", 0x1p20), Map.entry("gi", 0x1p30), Map.entry("ti", 0x1p40),
            Map.entry("pi", 0x1p50));

    private NumericLabel() {
    }

    /** The value, or null when the text does not start with a number. */
    static Double parse(String text) {
        int end = 0;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        if (end == 0) {
            return null;
        }
        double number;
        try {
            number = Double.parseDouble(text.substring(0, end));
        } catch (NumberFormatException e) {
            return null;
        }
        String rest = text.substring(end).toLowerCase(Locale.ROOT);
        for (int len = Math.min(2, rest.length()); len > 0; len--) {
            Double unit = UNITS.get(rest.substring(0, len));
            if (unit != null) {
                return number * unit;
            }
        }
        return number;
    }
}
