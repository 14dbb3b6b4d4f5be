package dev.anvil.machinery.meta;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The contents of a META partition in Talos's format (its "talos" ADV): tagged values in a block of {@link #LENGTH}
 * bytes, written twice, so that a write torn half-way leaves one good copy. A block, big-endian: magic
 * {@code 0x5a4b3c2d}; entries of tag (4 bytes), size (4 bytes) and value, ended by a zero tag or the space; the
 * SHA-256 of the block with these 32 bytes zeroed; magic {@code 0xa5b4c3d2}. Tags are 0 to 255 (Talos keeps them to a
 * byte, for the older syslinux format); Talos reserves 6 to 17 for its own state and leaves the rest to users.
 *
 * <p>Immutable: {@link #with} and {@link #without} return changed copies.
 */
public final class Adv {
    /** One copy. */
    public static final int LENGTH = 256 * 1024;
    /** Both copies: what a META partition (or file) holds. */
    public static final int SIZE = 2 * LENGTH;
    private static final int MAGIC1 = 0x5a4b3c2d;
    private static final int MAGIC2 = 0xa5b4c3d2;
    /** Talos's room for entries: what it counts a block as holding besides them, and the space it allows. */
    private static final int OVERHEAD = 20;
    private static final int ROOM = LENGTH - 40;

    private final SortedMap<Integer, byte[]> tags;

    private Adv(SortedMap<Integer, byte[]> tags) {
        this.tags = tags;
    }

    public static Adv empty() {
        return new Adv(new TreeMap<>());
    }

    /**
     * Reads both copies, keeping the first that is whole; an empty META (all zeroes, a fresh partition) and one
     * whose copies are both broken read as empty, the latter with {@code damaged} told why.
     */
    public static Adv read(byte[] contents, Consumer<String> damaged) {
        String first;
        try {
            return parse(Arrays.copyOfRange(contents, 0, Math.min(LENGTH, contents.length)));
        } catch (IllegalArgumentException e) {
            first = e.getMessage();
        }
        try {
            return parse(Arrays.copyOfRange(contents, Math.min(LENGTH, contents.length),
                    Math.min(SIZE, contents.length)));
        } catch (IllegalArgumentException e) {
            boolean blank = true;
            for (byte b : contents) {
                if (b != 0) {
                    blank = false;
                    break;
                }
            }
            if (!blank) {
                damaged.accept("first copy: " + first + "; second copy: " + e.getMessage());
            }
            return empty();
        }
    }

    /** One copy; throws IllegalArgumentException saying what is wrong with it. */
    static Adv parse(byte[] block) {
        if (block.length != LENGTH) {
            throw new IllegalArgumentException("a copy is " + LENGTH + " bytes, not " + block.length);
        }
        ByteBuffer in = ByteBuffer.wrap(block);
        if (in.getInt(0) != MAGIC1 || in.getInt(LENGTH - 4) != MAGIC2) {
            throw new IllegalArgumentException("no META magic");
        }
        byte[] stored = Arrays.copyOfRange(block, LENGTH - 36, LENGTH - 4);
        byte[] zeroed = block.clone();
        Arrays.fill(zeroed, LENGTH - 36, LENGTH - 4, (byte) 0);
        if (!MessageDigest.isEqual(stored, sha256(zeroed))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        SortedMap<Integer, byte[]> tags = new TreeMap<>();
        int at = 4;
        int end = LENGTH - 36;
        while (end - at >= 8) {
            int tag = in.getInt(at);
            if (tag == 0) {
                break;
            }
            long size = Integer.toUnsignedLong(in.getInt(at + 4));
            if (size > end - at - 8) {
                throw new IllegalArgumentException("the value of tag " + tag + " (" + size
                        + " bytes) goes beyond the block");
            }
            tags.put(tag & 0xff, Arrays.copyOfRange(block, at + 8, at + 8 + (int) size));
            at += 8 + (int) size;
        }
        return new Adv(tags);
    }

    /** Both copies, as written to the partition. */
    public byte[] bytes() {
        byte[] block = new byte[LENGTH];
        ByteBuffer out = ByteBuffer.wrap(block);
        out.putInt(MAGIC1);
        for (Map.Entry<Integer, byte[]> entry : tags.entrySet()) {
            out.putInt(entry.getKey());
            out.putInt(entry.getValue().length);
            out.put(entry.getValue());
        }
        out.putInt(LENGTH - 4, MAGIC2);
        System.arraycopy(sha256(block), 0, block, LENGTH - 36, 32);
        byte[] both = Arrays.copyOf(block, SIZE);
        System.arraycopy(block, 0, both, LENGTH, LENGTH);
        return both;
    }

    public Optional<byte[]> get(int tag) {
        byte[] value = tags.get(tag);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** The tags held, in order, with their values. */
    public SortedMap<Integer, byte[]> tags() {
        return Collections.unmodifiableSortedMap(tags);
    }

    /** A copy with {@code tag} set; empty when the value does not fit in what is left of the block. */
    public Optional<Adv> with(int tag, byte[] value) {
        checkTag(tag);
        SortedMap<Integer, byte[]> next = new TreeMap<>(tags);
        next.put(tag, value.clone());
        // Talos's own limit, so that a value refused by one is refused by the other
        long used = OVERHEAD;
        for (byte[] v : next.values()) {
            used += 8L + v.length;
        }
        return used > ROOM ? Optional.empty() : Optional.of(new Adv(next));
    }

    /** A copy without {@code tag}; empty when it is not there. */
    public Optional<Adv> without(int tag) {
        checkTag(tag);
        if (!tags.containsKey(tag)) {
            return Optional.empty();
        }
        SortedMap<Integer, byte[]> next = new TreeMap<>(tags);
        next.remove(tag);
        return Optional.of(new Adv(next));
    }

    private static void checkTag(int tag) {
        if (tag < 1 || tag > 255) {
            throw new IllegalArgumentException("a META key is 1 to 255 (0x01 to 0xff), not " + tag);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
