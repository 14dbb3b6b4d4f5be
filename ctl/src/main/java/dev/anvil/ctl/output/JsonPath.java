package dev.anvil.ctl.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Kubernetes' JSONPath templates that resource definitions' print columns and {@code -o jsonpath=} use:
 * literal text, and actions in braces made of {@code .field}, {@code ['field']}, {@code [n]} (negative counts from
 * the end), {@code [start:end]}, {@code [*]} and {@code .*}, optionally after {@code $} or {@code @}, or a quoted
 * string ({@code {"\n"}}). Filters, {@code ..} and {@code range} are refused when parsed. Values are what YAML
 * decodes to: maps with String keys, lists and scalars.
 */
public final class JsonPath {
    private final List<Segment> segments;
    private final boolean allowMissingKeys;

    private JsonPath(List<Segment> segments, boolean allowMissingKeys) {
        this.segments = segments;
        this.allowMissingKeys = allowMissingKeys;
    }

    private sealed interface Segment {
    }

    private record Text(String text) implements Segment {
    }

    private record Action(List<Step> steps) implements Segment {
    }

    private sealed interface Step {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Slice(Integer start, Integer end) implements Step {
    }

    private record Wildcard() implements Step {
    }

    /** @throws IllegalArgumentException saying what in the template is wrong */
    public static JsonPath parse(String template) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                segments.add(new Text(template.substring(i)));
                break;
            }
            if (open > i) {
                segments.add(new Text(template.substring(i, open)));
            }
            int close = closingBrace(template, open);
            segments.add(action(template.substring(open + 1, close).strip(), template));
            i = close + 1;
        }
        return new JsonPath(List.copyOf(segments), false);
    }

    /** The same template, but a key missing from a map yields nothing instead of failing (table columns). */
    public JsonPath allowingMissingKeys() {
        return new JsonPath(segments, true);
    }

    /** Each segment's results in turn: a text segment gives its text, an action the values it selects. */
    public List<List<Object>> results(Object root) {
        List<List<Object>> results = new ArrayList<>();
        for (Segment segment : segments) {
            switch (segment) {
                case Text t -> results.add(List.of(t.text()));
                case Action a -> {
                    List<Object> current = new ArrayList<>();
                    current.add(root);
                    for (Step step : a.steps()) {
                        current = apply(step, current);
                    }
                    results.add(current);
                }
            }
        }
        return results;
    }

    /** The template printed as kubectl and talosctl print a column: results of one action separated by spaces. */
    public String text(Object root) {
        StringBuilder out = new StringBuilder();
        for (List<Object> group : results(root)) {
            for (int i = 0; i < group.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(GoText.of(group.get(i)));
            }
        }
        return out.toString();
    }

    private List<Object> apply(Step step, List<Object> values) {
        List<Object> next = new ArrayList<>();
        for (Object value : values) {
            switch (step) {
                case Field(String name) -> {
                    if (value instanceof Map<?, ?> map && map.containsKey(name)) {
                        next.add(map.get(name));
                    } else if (!allowMissingKeys) {
                        throw new IllegalArgumentException(name + " is not found");
                    }
                }
                case Index(int index) -> {
                    if (value instanceof List<?> list) {
                        int at = index < 0 ? list.size() + index : index;
                        if (at < 0 || at >= list.size()) {
                            throw new IllegalArgumentException("array index out of bounds: index " + index
                                    + ", length " + list.size());
                        }
                        next.add(list.get(at));
                    }
                }
                case Slice(Integer start, Integer end) -> {
                    if (value instanceof List<?> list) {
                        int from = bound(start, 0, list.size());
                        int to = bound(end, list.size(), list.size());
                        if (from < to) {
                            next.addAll(list.subList(from, to));
                        }
                    }
                }
                case Wildcard() -> {
                    if (value instanceof Map<?, ?> map) {
                        new TreeMap<>(map).forEach((k, v) -> next.add(v));
                    } else if (value instanceof List<?> list) {
                        next.addAll(list);
                    }
                }
            }
        }
        return next;
    }

    private static int bound(Integer given, int absent, int size) {
        if (given == null) {
            return absent;
        }
        int at = given < 0 ? size + given : given;
        return Math.max(0, Math.min(size, at));
    }

    private static int closingBrace(String template, int open) {
        char quote = 0;
        for (int i = open + 1; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed action in " + template);
    }

    private static Segment action(String action, String template) {
        if (action.startsWith("\"") || action.startsWith("'")) {
            return new Text(unquote(action, template));
        }
        if (action.startsWith("range") || action.equals("end")) {
            throw new IllegalArgumentException("range is not supported: " + template);
        }
        String path = action.startsWith("$") || action.startsWith("@") ? action.substring(1) : action;
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                if (path.startsWith("..", i)) {
                    throw new IllegalArgumentException("recursive descent (..) is not supported: " + template);
                }
                int end = i + 1;
                while (end < path.length() && isNameChar(path.charAt(end))) {
                    end++;
                }
                String name = path.substring(i + 1, end);
                if (name.equals("*")) {
                    steps.add(new Wildcard());
                } else if (!name.isEmpty()) {
                    steps.add(new Field(name));
                }
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + template);
                }
                steps.add(bracket(path.substring(i + 1, end).strip(), template));
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected \"" + path.substring(i) + "\" in " + template);
            }
        }
        return new Action(List.copyOf(steps));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '*';
    }

    private static Step bracket(String inside, String template) {
        if (inside.equals("*")) {
            return new Wildcard();
        }
        if (inside.startsWith("'") || inside.startsWith("\"")) {
            return new Field(unquote(inside, template));
        }
        if (inside.startsWith("?")) {
            throw new IllegalArgumentException("filters are not supported: " + template);
        }
        try {
            int colon = inside.indexOf(':');
            if (colon < 0) {
                return new Index(Integer.parseInt(inside));
            }
            String start = inside.substring(0, colon).strip();
            String end = inside.substring(colon + 1).strip();
            if (end.contains(":")) {
                throw new IllegalArgumentException("slice steps are not supported: " + template);
            }
            return new Slice(start.isEmpty() ? null : Integer.valueOf(start), end.isEmpty() ? null
                    : Integer.valueOf(end));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an index or a slice: [" + inside + "] in " + template);
        }
    }

    private static String unquote(String quoted, String template) {
        char quote = quoted.charAt(0);
        if (quoted.length() < 2 || quoted.charAt(quoted.length() - 1) != quote) {
            throw new IllegalArgumentException("unterminated string in " + template);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                char escaped = quoted.charAt(++i);
                out.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
