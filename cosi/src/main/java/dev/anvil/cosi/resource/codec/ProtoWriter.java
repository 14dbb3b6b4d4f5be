package dev.anvil.cosi.resource.codec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Appends protobuf wire format to a growing buffer: tags, varints, fixed64 and length-delimited fields, plus the
 * well-known Timestamp and Duration messages. It writes exactly what it is told; leaving out default values is the
 * caller's choice. Not thread-safe.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    private byte[] buf = new byte[64];
    private int size;

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Unsigned LEB128; negative numbers take ten bytes, as protobuf's int32 and int64 encode them. */
    void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    void fixed64(long value) {
        for (int i = 0; i < 8; i++) {
            put((byte) (value >>> (8 * i)));
        }
    }

    void bytes(int field, byte[] value) {
        tag(field, LEN);
        varint(value.length);
        for (byte b : value) {
            put(b);
        }
    }

    void string(int field, String value) {
        bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void message(int field, ProtoWriter message) {
        bytes(field, message.toByteArray());
    }

    /** A google.protobuf.Timestamp {seconds=1, nanos=2}; Instant's nanos are already the non-negative kind. */
    void timestamp(int field, Instant t) {
        message(field, secondsNanos(t.getEpochSecond(), t.getNano()));
    }

    /**
     * A google.protobuf.Duration {seconds=1, nanos=2}. Protobuf wants nanos with the sign of seconds, while Java
     * keeps nanos non-negative: -1.5s is (-2s, +0.5s) in Java and (-1s, -0.5s) on the wire.
     */
    void duration(int field, Duration d) {
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (seconds < 0 && nanos > 0) {
            seconds++;
            nanos -= 1_000_000_000;
        }
        message(field, secondsNanos(seconds, nanos));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private static ProtoWriter secondsNanos(long seconds, int nanos) {
        ProtoWriter m = new ProtoWriter();
        if (seconds != 0) {
            m.tag(1, VARINT);
            m.varint(seconds);
        }
        if (nanos != 0) {
            m.tag(2, VARINT);
            m.varint(nanos);
        }
        return m;
    }

    private void put(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, size * 2);
        }
        buf[size++] = b;
    }
}
