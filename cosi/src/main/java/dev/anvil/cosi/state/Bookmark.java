package dev.anvil.cosi.state;

import java.util.Arrays;
import java.util.HexFormat;

/** An opaque token that lets a watch resume just after the event that carried it. */
public final class Bookmark {
    private final byte[] bytes;

    private Bookmark(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bookmark of(byte[] bytes) {
        return new Bookmark(bytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bookmark b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
