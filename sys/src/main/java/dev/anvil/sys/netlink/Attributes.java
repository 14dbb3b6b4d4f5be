package dev.anvil.sys.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Netlink attributes (rtattr): writing them into a message and reading them back by type. */
final class Attributes {
    private Attributes() {
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    /** Appends an attribute with a payload. */
    static void put(ByteBuffer out, int type, byte[] payload) {
        out.putShort((short) (4 + payload.length));
        out.putShort((short) type);
        out.put(payload);
        pad(out);
    }

    static void putString(ByteBuffer out, int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[text.length + 1];
        System.arraycopy(text, 0, withNul, 0, text.length);
        put(out, type, withNul);
    }

    static void putInt(ByteBuffer out, int type, int value) {
        put(out, type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** Starts a nested attribute; finish it with {@link #end}. Returns where its length goes. */
    static int begin(ByteBuffer out, int type) {
        int start = out.position();
        out.putShort((short) 0);
        out.putShort((short) type);
        return start;
    }

    static void end(ByteBuffer out, int start) {
        out.putShort(start, (short) (out.position() - start));
        pad(out);
    }

    private static void pad(ByteBuffer out) {
        while ((out.position() & 3) != 0) {
            out.put((byte) 0);
        }
    }

    /** The attributes from the buffer's position to {@code end}, by type (the last one wins). */
    static Map<Integer, ByteBuffer> parse(ByteBuffer in, int end) {
        Map<Integer, ByteBuffer> found = new HashMap<>();
        int pos = in.position();
        while (pos + 4 <= end) {
            int length = Short.toUnsignedInt(in.getShort(pos));
            int type = Short.toUnsignedInt(in.getShort(pos + 2)) & 0x3fff;
            if (length < 4 || pos + length > end) {
                break;
            }
            found.put(type, in.slice(pos + 4, length - 4).order(ByteOrder.nativeOrder()));
            pos += align(length);
        }
        return found;
    }

    static String string(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
