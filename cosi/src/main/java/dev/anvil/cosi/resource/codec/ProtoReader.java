package dev.anvil.cosi.resource.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads protobuf wire format from a byte range. Every malformed input (a truncated field, an overlong varint, an
 * unknown wire type) is an {@link IllegalArgumentException}, never an index error. Not thread-safe.
 */
final class ProtoReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The next tag: field number in the high bits, wire type in the low three ({@code tag >>> 3}, {@code tag & 7}). */
    int tag() {
        long tag = varint();
        if (tag >>> 3 == 0 || tag >>> 3 > 0x1FFF_FFFF) {
            throw new IllegalArgumentException("invalid protobuf tag " + tag);
        }
        return (int) tag;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint at byte " + pos);
    }

    long fixed64() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (next() & 0xFFL) << (8 * i);
        }
        return value;
    }

    byte[] bytes() {
        int length = length();
        byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    String string() {
        int length = length();
        String value = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return value;
    }

    /** A reader over the next length-delimited field, which this reader then steps over. */
    ProtoReader message() {
        int length = length();
        ProtoReader m = new ProtoReader(buf, pos, pos + length);
        pos += length;
        return m;
    }

    Instant timestamp() {
        long[] sn = secondsNanos(message());
        return Instant.ofEpochSecond(sn[0], sn[1]);
    }

    Duration duration() {
        long[] sn = secondsNanos(message());
        return Duration.ofSeconds(sn[0], sn[1]);
    }

    /** Steps over a field this reader's caller does not know, as protobuf parsers must. */
    void skip(int wireType) {
        switch (wireType) {
            case ProtoWriter.VARINT -> varint();
            case ProtoWriter.I64 -> advance(8);
            case ProtoWriter.LEN -> advance(length());
            case ProtoWriter.I32 -> advance(4);
            default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType
                    + " (groups are not used by COSI specs)");
        }
    }

    private static long[] secondsNanos(ProtoReader m) {
        long seconds = 0;
        long nanos = 0;
        while (m.hasMore()) {
            int tag = m.tag();
            switch (tag) {
                case (1 << 3) | ProtoWriter.VARINT -> seconds = m.varint();
                case (2 << 3) | ProtoWriter.VARINT -> nanos = (int) m.varint();
                default -> m.skip(tag & 7);
            }
        }
        return new long[] {seconds, nanos};
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw new IllegalArgumentException("truncated protobuf field: length " + length + ", "
                    + (end - pos) + " bytes left");
        }
        return (int) length;
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new IllegalArgumentException("truncated protobuf field at byte " + pos);
        }
        pos += n;
    }

    private byte next() {
        if (pos >= end) {
            throw new IllegalArgumentException("truncated protobuf message at byte " + pos);
        }
        return buf[pos++];
    }
}
