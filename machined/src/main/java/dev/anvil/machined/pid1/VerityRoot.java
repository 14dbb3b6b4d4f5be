package dev.anvil.machined.pid1;

import dev.anvil.machined.log.Log;
import dev.anvil.sys.DeviceMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root under dm-verity: the image's squashfs carries its hash tree and a footer (imager's VerityTree), the boot
 * entry's kernel command line the root hash ({@code anvil.verity.roothash=}). The device the root is mounted from
 * is then /dev/dm-N, on which every block read is checked against that hash: a changed block is an I/O error, so a
 * tampered root fails to mount or to run rather than running changed.
 *
 * <p>An image without a tree is mounted as it is. One with a tree but no root hash on the command line (a boot
 * entry made by hand) is mounted unverified with a warning; a root hash without a tree is fatal, since the boot
 * entry asked for a verified root.
 */
final class VerityRoot {
    static final String CMDLINE_KEY = "anvil.verity.roothash";
    /** As imager's VerityTree writes them. */
    private static final int BLOCK = 4096;
    private static final String MAGIC = "anvil-verity 1";
    private static final String DEVICE_NAME = "root";

    private VerityRoot() {
    }

    /** The device to mount the root from: {@code device} itself, or a verity device over it. */
    static Path open(Path device, long sizeBytes, Optional<String> rootHash, ModaliasLoader loader)
            throws IOException {
        Optional<Map<String, String>> footer = footer(device, sizeBytes);
        if (footer.isEmpty()) {
            if (rootHash.isPresent()) {
                throw new IOException("the boot entry asks for a verified root (" + CMDLINE_KEY + "), but "
                        + device + " carries no verity tree");
            }
            return device;
        }
        if (rootHash.isEmpty()) {
            Log.warn("the root is NOT verified: its image has a verity tree, but the kernel command line has no "
                    + CMDLINE_KEY, "device", device.toString());
            return device;
        }
        String hash = rootHash.get();
        if (hash.length() != 64 || !hash.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IOException(CMDLINE_KEY + " must be 64 hex digits (SHA-256), not \"" + hash + "\"");
        }
        long dataBlocks = number(footer.get(), "data-blocks");
        long hashStart = number(footer.get(), "hash-start");
        String salt = footer.get().getOrDefault("salt", "-");
        loader.load("dm_verity");
        String table = String.join(" ", "1", device.toString(), device.toString(), Integer.toString(BLOCK),
                Integer.toString(BLOCK), Long.toString(dataBlocks), Long.toString(hashStart), "sha256", hash, salt);
        Path verified = DeviceMapper.createReadOnly(DEVICE_NAME,
                new DeviceMapper.Target(dataBlocks * (BLOCK / 512), "verity", table));
        Log.info("root verified by dm-verity", "device", verified.toString(), "over", device.toString(),
                "roothash", hash);
        return verified;
    }

    /** The footer's words in the device's last block, if it has one. */
    static Optional<Map<String, String>> footer(Path device, long sizeBytes) throws IOException {
        if (sizeBytes < 2L * BLOCK) {
            return Optional.empty();
        }
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            long position = sizeBytes - BLOCK;
            while (block.hasRemaining() && channel.read(block, position + block.position()) >= 0) {
                // read the whole block
            }
        }
        String text = new String(block.array(), StandardCharsets.US_ASCII);
        int end = text.indexOf('\0');
        List<String> lines = (end < 0 ? text : text.substring(0, end)).lines().toList();
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC)) {
            return Optional.empty();
        }
        Map<String, String> words = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int space = line.indexOf(' ');
            if (space > 0) {
                words.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return Optional.of(words);
    }

    private static long number(Map<String, String> footer, String key) throws IOException {
        try {
            return Long.parseLong(footer.get(key));
        } catch (NumberFormatException e) {
            throw new IOException("the root's verity footer has no valid " + key + ": " + footer);
        }
    }
}
