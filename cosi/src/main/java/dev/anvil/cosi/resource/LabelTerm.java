package dev.anvil.cosi.resource;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One condition on a resource's labels. A term on a missing key is false for Exists, Equal and In (so an inverted
 * term is true); for the ordering operators it is indeterminate, and stays false even when inverted. A numeric
 * value that does not parse is indeterminate too.
 */
public record LabelTerm(String key, Op op, List<String> values, boolean invert) {
    public enum Op {
        EXISTS, EQUAL, IN, LT, LTE, LT_NUMERIC, LTE_NUMERIC
    }

    public LabelTerm {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
        if (op != Op.EXISTS && values.isEmpty()) {
            throw new IllegalArgumentException("label term " + op + " on \"" + key + "\" needs a value");
        }
    }

    public static LabelTerm exists(String key) {
        return new LabelTerm(key, Op.EXISTS, List.of(), false);
    }

    public static LabelTerm notExists(String key) {
        return new LabelTerm(key, Op.EXISTS, List.of(), true);
    }

    public static LabelTerm equal(String key, String value) {
        return new LabelTerm(key, Op.EQUAL, List.of(value), false);
    }

    public static LabelTerm in(String key, String... values) {
        return new LabelTerm(key, Op.IN, List.of(values), false);
    }

    public static LabelTerm of(String key, Op op, String value) {
        return new LabelTerm(key, op, List.of(value), false);
    }

    public LabelTerm inverted() {
        return new LabelTerm(key, op, values, !invert);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(key);
        if (actual == null) {
            return switch (op) {
                case EXISTS, EQUAL, IN -> invert;
                case LT, LTE, LT_NUMERIC, LTE_NUMERIC -> false;
            };
        }
        Boolean result = switch (op) {
            case EXISTS -> true;
            case EQUAL -> actual.equals(values.getFirst());
            case IN -> values.contains(actual);
            case LT -> actual.compareTo(values.getFirst()) < 0;
            case LTE -> actual.compareTo(values.getFirst()) <= 0;
            case LT_NUMERIC, LTE_NUMERIC -> compareNumeric(actual, values.getFirst());
        };
        return result == null ? false : result != invert;
    }

    private Boolean compareNumeric(String actual, String wanted) {
        Double a = NumericLabel.parse(actual);
        Double b = NumericLabel.parse(wanted);
        if (a == null || b == null) {
            return null;
        }
        return op == Op.LT_NUMERIC ? a < b : a <= b;
    }
}
