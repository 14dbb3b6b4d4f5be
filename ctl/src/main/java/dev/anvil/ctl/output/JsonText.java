package dev.anvil.ctl.output;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values decoded from YAML (maps with String keys, lists, strings, numbers, booleans, null) as JSON the way Go's
 * {@code encoding/json} prints them, which talosctl's output is: object keys sorted, {@code <}, {@code >} and
 * {@code &} escaped, and, when indented, four spaces a level with {@code {}} and {@code []} for empty containers.
 */
public final class JsonText {
    private JsonText() {
    }

    /** Indented by four spaces a level, with no trailing newline. */
    public static String indented(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "    ", 0);
        return out.toString();
    }

    /** On one line, without spaces. */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, null, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String indent, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(out, s);
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case BigInteger i -> out.append(i);
            case Number n -> out.append(number(n.doubleValue()));
            case Map<?, ?> map -> {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                container(out, '{', '}', sorted.entrySet().stream().toList(), indent, depth, (entry, d) -> {
                    quote(out, entry.getKey());
                    out.append(indent == null ? ":" : ": ");
                    write(out, entry.getValue(), indent, d);
                });
            }
            case List<?> list -> container(out, '[', ']', list, indent, depth, (item, d) -> write(out, item, indent, d));
            default -> quote(out, value.toString());
        }
    }

    private interface Element<T> {
        void write(T element, int depth);
    }

    private static <T> void container(StringBuilder out, char open, char close, List<T> elements, String indent,
            int depth, Element<T> element) {
        out.append(open);
        if (elements.isEmpty()) {
            out.append(close);
            return;
        }
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(out, indent, depth + 1);
            element.write(elements.get(i), depth + 1);
        }
        newline(out, indent, depth);
        out.append(close);
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        if (indent != null) {
            out.append('\n').repeat(indent, depth);
        }
    }

    /** Go's float formatting: the shortest text that reads back, plain from 1e-6 up to 1e21, else exponent. */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            // Go refuses these; a YAML .nan or .inf has no JSON form, so it is printed as text
            return "\"" + d + "\"";
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = Double.toString(d).replace("E", "e");
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
            String exponent = s.substring(e + 1);
            int power = Integer.parseInt(exponent);
            // strconv writes at least two exponent digits; encoding/json then drops the 0 of e-07
            return mantissa + "e" + (power < 0 ? "-" + -power : String.format("+%02d", power));
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
