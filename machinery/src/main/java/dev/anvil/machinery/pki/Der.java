package dev.anvil.machinery.pki;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER that certificates and key files need: writing the universal types as whole byte arrays (a
 * certificate is a few hundred bytes, so nesting by copying is fine), and reading one element at a time.
 */
public final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Instant UTC_TIME_END = Instant.parse("2050-01-01T00:00:00Z");

    private Der() {
    }

    public static byte[] tlv(int tag, byte[] content) {
        var out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, concat(parts));
    }

    static byte[] sequence(List<byte[]> parts) {
        return sequence(parts.toArray(byte[][]::new));
    }

    static byte[] set(byte[]... parts) {
        return tlv(SET, concat(parts));
    }

    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    public static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** A bit string of whole bytes (keys and signatures). */
    public static byte[] bitString(byte[] content) {
        return tlv(BIT_STRING, concat(new byte[] {0}, content));
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0)});
    }

    public static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    static byte[] utf8(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 5280: UTCTime through 2049, GeneralizedTime after; whole seconds. */
    static byte[] time(Instant instant) {
        boolean utc = instant.isBefore(UTC_TIME_END);
        String text = (utc ? UTC : GENERALIZED).format(instant);
        return tlv(utc ? UTC_TIME : GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A context-specific constructed tag {@code [n]} around already encoded content. */
    public static byte[] explicit(int n, byte[] content) {
        return tlv(0xa0 | n, content);
    }

    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            out.write((int) ((value >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
        }
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Reads the single element that makes up {@code data}; trailing bytes are an error. */
    public static Element read(byte[] data) {
        Element element = Element.at(data, 0, data.length);
        if (element.end() != data.length) {
            throw new IllegalArgumentException("trailing bytes after DER element");
        }
        return element;
    }

    /** One element inside a byte array: its tag and where its content lies. */
    public record Element(byte[] data, int tag, int contentStart, int length) {

        /** The element whose header starts at {@code offset}; it must end by {@code limit}. */
        public static Element at(byte[] data, int offset, int limit) {
            if (offset + 2 > limit) {
                throw new IllegalArgumentException("truncated DER");
            }
            int tag = data[offset] & 0xff;
            int first = data[offset + 1] & 0xff;
            int length;
            int start;
            if (first < 0x80) {
                length = first;
                start = offset + 2;
            } else {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || offset + 2 + bytes > limit) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[offset + 2 + i] & 0xff);
                }
                start = offset + 2 + bytes;
            }
            if (start + length > limit) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Element(data, tag, start, length);
        }

        public int end() {
            return contentStart + length;
        }

        public byte[] content() {
            return Arrays.copyOfRange(data, contentStart, end());
        }

        /** The elements inside a constructed element. */
        public List<Element> children() {
            List<Element> children = new ArrayList<>();
            int at = contentStart;
            while (at < end()) {
                Element child = at(data, at, end());
                children.add(child);
                at = child.end();
            }
            return children;
        }

        public Element expect(int expectedTag, String what) {
            if (tag != expectedTag) {
                throw new IllegalArgumentException(what + ": expected DER tag 0x" + Integer.toHexString(expectedTag)
                        + ", found 0x" + Integer.toHexString(tag));
            }
            return this;
        }
    }
}
