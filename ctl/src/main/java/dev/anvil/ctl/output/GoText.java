package dev.anvil.ctl.output;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** A YAML-decoded value as Go's {@code fmt.Print} shows it, which is how talosctl fills a table column. */
final class GoText {
    private GoText() {
    }

    static String of(Object value) {
        return switch (value) {
            case null -> "<nil>";
            case Map<?, ?> map -> {
                StringJoiner entries = new StringJoiner(" ", "map[", "]");
                new TreeMap<>(map).forEach((k, v) -> entries.add(of(k) + ":" + of(v)));
                yield entries.toString();
            }
            case List<?> list -> {
                StringJoiner items = new StringJoiner(" ", "[", "]");
                list.forEach(item -> items.add(of(item)));
                yield items.toString();
            }
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e21 -> Long.toString(d.longValue());
            default -> value.toString();
        };
    }
}
