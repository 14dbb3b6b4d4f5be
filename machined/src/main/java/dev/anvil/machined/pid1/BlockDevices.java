package dev.anvil.machined.pid1;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole disks the kernel sees (/sys/block, no loop or RAM devices) and what their first bytes hold: a squashfs
 * (the image's root, "hsqs" at 0), an ext4 filesystem (magic 0xEF53 at 1080, its label at 1144) or nothing (zeros).
 */
final class BlockDevices {
    enum Content { SQUASHFS, EXT4, BLANK, OTHER }

    record Disk(String name, Path device, Content content, String label) {
    }

    private BlockDevices() {
    }

    static List<Disk> list(Path sysBlock, Path dev) throws IOException {
        List<Disk> disks = new ArrayList<>();
        try (Stream<Path> s = Files.list(sysBlock)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("sr")) {
                    continue;
                }
                disks.add(probe(name, dev.resolve(name)));
            }
        }
        return disks;
    }

    static Disk probe(String name, Path device) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // reads the first 4 KiB (or the whole of a smaller device)
            }
        }
        head.flip();
        return new Disk(name, device, content(head), label(head));
    }

    static Content content(ByteBuffer head) {
        if (head.limit() >= 4 && head.getInt(0) == 0x73717368) {
            return Content.SQUASHFS;
        }
        if (head.limit() >= 1082 && (head.getShort(1080) & 0xffff) == 0xEF53) {
            return Content.EXT4;
        }
        for (int i = 0; i < head.limit(); i++) {
            if (head.get(i) != 0) {
                return Content.OTHER;
            }
        }
        return Content.BLANK;
    }

    private static String label(ByteBuffer head) {
        if (content(head) != Content.EXT4 || head.limit() < 1160) {
            return "";
        }
        byte[] raw = new byte[16];
        head.get(1144, raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }
}
