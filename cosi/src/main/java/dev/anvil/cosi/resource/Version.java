package dev.anvil.cosi.resource;

/**
 * A resource version: undefined before the first write, then 1, 2, ... Every successful write makes it one higher.
 * The text form is {@code undefined} or the decimal number.
 */
public record Version(long value) implements Comparable<Version> {
    public static final Version UNDEFINED = new Version(0);

    public Version {
        if (value < 0) {
            throw new IllegalArgumentException("a version is never negative: " + value);
        }
    }

    public static Version of(long value) {
        return value == 0 ? UNDEFINED : new Version(value);
    }

    public static Version parse(String text) {
        if ("undefined".equals(text)) {
            return UNDEFINED;
        }
        try {
            return of(Long.parseLong(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a resource version: \"" + text + "\" (want \"undefined\" or a number)");
        }
    }

    public boolean isDefined() {
        return value != 0;
    }

    public Version next() {
        return new Version(value + 1);
    }

    @Override
    public int compareTo(Version other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return isDefined() ? Long.toString(value) : "undefined";
    }
}
