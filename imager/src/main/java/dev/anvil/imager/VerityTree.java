package dev.anvil.imager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a read-only filesystem image verifiable by the kernel's dm-verity: appends the hash tree (format 1, SHA-256,
 * 4 KiB data and hash blocks, no superblock, as {@code veritysetup format --no-superblock} would write it) and, in the
 * file's last block, a footer that tells the booting node where the tree starts and which salt it uses. The root
 * hash is not in the file: it goes on the kernel command line of the boot entry, so that the entry vouches for the
 * root (a changed block, tree or footer makes the hashes disagree with it).
 *
 * <p>The salt is derived from the data, so the same image gives the same tree and root hash on every build.
 */
public final class VerityTree {
    public static final int BLOCK = 4096;
    /** The footer's first line; machined's pid1 VerityRoot reads the same words. */
    public static final String FOOTER_MAGIC = "anvil-verity 1";
    private static final int HASH = 32;

    /** What the node needs to build the dm-verity table; {@code rootHash} and {@code salt} in hex. */
    public record Result(long dataBlocks, long hashStartBlock, String salt, String rootHash) {
    }

    private VerityTree() {
    }

    /** Pads {@code image} to whole blocks, appends its hash tree and footer, and returns the root hash. */
    public static Result append(Path image) throws IOException {
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = file.size();
            long dataBlocks = (size + BLOCK - 1) / BLOCK;
            if (dataBlocks == 0) {
                throw new IOException(image + " is empty: there is nothing to verify");
            }
            // zero padding up to a whole block: what the kernel reads as the last block's tail
            file.write(ByteBuffer.allocate((int) (dataBlocks * BLOCK - size)), size);
            byte[] salt = sha256(digestOf(file, dataBlocks));

            List<byte[]> levels = new ArrayList<>();
            byte[] level = hashBlocks(file, 0, dataBlocks, salt);
            levels.add(level);
            while (level.length > BLOCK) {
                level = hashBlocks(level, salt);
                levels.add(level);
            }
            // the level nearest the root comes first, as dm-verity expects
            long position = dataBlocks * BLOCK;
            for (int i = levels.size() - 1; i >= 0; i--) {
                position += writeFully(file, ByteBuffer.wrap(levels.get(i)), position);
            }
            byte[] root = hash(salt, levels.getLast(), 0, BLOCK);
            Result result = new Result(dataBlocks, dataBlocks, HexFormat.of().formatHex(salt),
                    HexFormat.of().formatHex(root));
            writeFully(file, ByteBuffer.wrap(footer(result)), position);
            return result;
        }
    }

    /** The footer block: plain text lines, zero padded; everything in it is checked by the root hash anyway. */
    static byte[] footer(Result result) {
        String text = FOOTER_MAGIC + "\ndata-blocks " + result.dataBlocks() + "\nhash-start " + result.hashStartBlock()
                + "\nsalt " + result.salt() + "\n";
        byte[] block = new byte[BLOCK];
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, 0, bytes.length);
        return block;
    }

    /** The hashes of {@code count} blocks of the file from block {@code first}, packed in zero-padded blocks. */
    private static byte[] hashBlocks(FileChannel file, long first, long count, byte[] salt) throws IOException {
        byte[] out = new byte[blocksFor(count) * BLOCK];
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (long i = 0; i < count; i++) {
            block.clear();
            readFully(file, block, (first + i) * BLOCK);
            System.arraycopy(hash(salt, block.array(), 0, BLOCK), 0, out, (int) (i * HASH), HASH);
        }
        return out;
    }

    private static byte[] hashBlocks(byte[] level, byte[] salt) {
        int count = level.length / BLOCK;
        byte[] out = new byte[blocksFor(count) * BLOCK];
        for (int i = 0; i < count; i++) {
            System.arraycopy(hash(salt, level, i * BLOCK, BLOCK), 0, out, i * HASH, HASH);
        }
        return out;
    }

    private static int blocksFor(long hashes) {
        return Math.toIntExact((hashes * HASH + BLOCK - 1) / BLOCK);
    }

    private static byte[] digestOf(FileChannel file, long blocks) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long position = 0; position < blocks * BLOCK; ) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), blocks * BLOCK - position));
            readFully(file, buffer, position);
            position += buffer.limit();
            digest.update(buffer.array(), 0, buffer.limit());
        }
        return digest.digest();
    }

    private static byte[] hash(byte[] salt, byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(salt);
        digest.update(data, offset, length);
        return digest.digest();
    }

    private static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    private static void readFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the image ended early, at " + (position + buffer.position()));
            }
        }
        buffer.flip();
    }

    private static int writeFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
        int length = buffer.remaining();
        while (buffer.hasRemaining()) {
            file.write(buffer, position + length - buffer.remaining());
        }
        return length;
    }
}
