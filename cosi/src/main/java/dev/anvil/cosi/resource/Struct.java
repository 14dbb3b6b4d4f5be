package dev.anvil.cosi.resource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON-like object a spec may hold, as Talos's specs hold {@code google.protobuf.Struct} (a static pod, a
 * manifest's object, the kubelet's configuration): in YAML the object itself, on the wire a Struct message. Values
 * are null, String, Boolean, Long (a whole number), Double, a {@code Map<String, Object>} of values or a
 * {@code List<Object>} of them; any other Number becomes a Long or a Double. Immutable and deeply copied; equal when
 * the objects are (key order does not count).
 */
public final class Struct {
    public static final Struct EMPTY = new Struct(Map.of());

    private final Map<String, Object> fields;

    private Struct(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static Struct of(Map<String, ?> fields) {
        return new Struct(copyMap(fields));
    }

    /** The fields, in their insertion order; nested maps and lists are unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Double d -> whole(d);
            case Float f -> whole(f.doubleValue());
            case Map<?, ?> m -> copyMap((Map<String, ?>) m);
            case List<?> l -> {
                List<Object> items = new ArrayList<>(l.size());
                l.forEach(item -> items.add(copy(item)));
                yield Collections.unmodifiableList(items);
            }
            default -> throw new IllegalArgumentException("a Struct cannot hold a " + value.getClass().getName());
        };
    }

    /** A whole double within a long's exact range is a Long, as it comes back from protobuf's doubles. */
    private static Object whole(double d) {
        boolean exact = d == Math.rint(d) && Math.abs(d) < 0x1p53 && Double.doubleToRawLongBits(d) != Long.MIN_VALUE;
        return exact ? (Object) (long) d : (Object) d;
    }

    private static Map<String, Object> copyMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "a Struct key"), copy(v)));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Struct other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
