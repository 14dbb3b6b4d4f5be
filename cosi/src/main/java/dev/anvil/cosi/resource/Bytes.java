package dev.anvil.cosi.resource;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An immutable byte string a spec may hold (protobuf {@code bytes}); equal when the bytes are. The array given to
 * {@link #of} and the one {@link #toByteArray} returns are copies, so a stored spec cannot change under its readers.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    public static Bytes of(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    public static Bytes fromBase64(String text) {
        return of(Base64.getDecoder().decode(text));
    }

    public int length() {
        return value.length;
    }

    public byte byteAt(int index) {
        return value[index];
    }

    public byte[] toByteArray() {
        return value.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(value);
    }
}
