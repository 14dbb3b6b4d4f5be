package dev.anvil.machined.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a block device holds, from its first bytes, as blkid would say it (there is no blkid in the image): a GPT
 * partition table, or a filesystem with its label and UUID. Known: GPT (the "EFI PART" header at LBA 1, 512- or
 * 4096-byte sectors), ext2/3/4, xfs, vfat (FAT12/16/32), squashfs (no label, no UUID) and swap. Anything else is
 * {@link Content#UNKNOWN}; a device of zeros is {@link Content#BLANK}.
 */
public final class Probe {
    /** How much of a device is read: the GPT header and its usual 128 entries fit in 32 KiB with 4 KiB sectors. */
    static final int HEAD = 64 * 1024;

    public enum Content { GPT, EXT2, EXT3, EXT4, XFS, VFAT, SQUASHFS, SWAP, BLANK, UNKNOWN;

        /** The name Talos and blkid give it ({@code ext4}, {@code gpt}); empty for blank and unknown. */
        public String blkidName() {
            return this == BLANK || this == UNKNOWN ? "" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** What was found; label and uuid are empty where the content has none. */
    public record Result(Content content, String label, String uuid, int blockSize, List<Partition> partitions) {
        public Result {
            partitions = List.copyOf(partitions);
        }
    }

    /** A GPT entry: its 1-based index, name, type and unique GUIDs (lower case), and where it lies in bytes. */
    public record Partition(int index, String name, String typeGuid, String uuid, long offset, long size) {
    }

    private Probe() {
    }

    /** Reads the start of {@code device} and says what it holds. */
    public static Result probe(Path device) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEAD).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // the first HEAD bytes, or the whole of a smaller device
            }
        }
        head.flip();
        return of(head);
    }

    /** What {@code head} (a device's first bytes, little-endian order) holds. */
    public static Result of(ByteBuffer head) {
        head.order(ByteOrder.LITTLE_ENDIAN);
        for (int sector : new int[] {512, 4096}) {
            Optional<Result> gpt = gpt(head, sector);
            if (gpt.isPresent()) {
                return gpt.get();
            }
        }
        if (ascii(head, 0, 4).equals("hsqs")) {
            return new Result(Content.SQUASHFS, "", "", 0, List.of());
        }
        if (ascii(head, 0, 4).equals("XFSB")) {
            return new Result(Content.XFS, text(head, 108, 12), uuid(head, 32), Integer.reverseBytes(head.getInt(4)),
                    List.of());
        }
        if (head.limit() >= 1024 + 136 && (head.getShort(1024 + 56) & 0xffff) == 0xEF53) {
            int compat = head.getInt(1024 + 92);
            int incompat = head.getInt(1024 + 96);
            Content ext = (incompat & 0x2C0) != 0 ? Content.EXT4 : (compat & 0x4) != 0 ? Content.EXT3 : Content.EXT2;
            return new Result(ext, text(head, 1024 + 120, 16), uuid(head, 1024 + 104),
                    1024 << head.getInt(1024 + 24), List.of());
        }
        if (head.limit() >= 4096 && ascii(head, 4086, 10).equals("SWAPSPACE2")) {
            return new Result(Content.SWAP, text(head, 1024 + 28, 16), uuid(head, 1024 + 12), 4096, List.of());
        }
        Optional<Result> fat = fat(head);
        if (fat.isPresent()) {
            return fat.get();
        }
        for (int i = 0; i < Math.min(head.limit(), 4096); i++) {
            if (head.get(i) != 0) {
                return new Result(Content.UNKNOWN, "", "", 0, List.of());
            }
        }
        return new Result(Content.BLANK, "", "", 0, List.of());
    }

    private static Optional<Result> fat(ByteBuffer head) {
        if (head.limit() < 512 || (head.getShort(510) & 0xffff) != 0xAA55) {
            return Optional.empty();
        }
        int idOffset;
        if (ascii(head, 82, 5).equals("FAT32")) {
            idOffset = 67;
        } else if (ascii(head, 54, 3).equals("FAT")) {
            idOffset = 39;
        } else {
            return Optional.empty();
        }
        int id = head.getInt(idOffset);
        String label = text(head, idOffset + 4, 11);
        String uuid = String.format("%04X-%04X", (id >>> 16) & 0xffff, id & 0xffff);
        int sectorSize = head.getShort(11) & 0xffff;
        int blockSize = sectorSize * (head.get(13) & 0xff);
        return Optional.of(new Result(Content.VFAT, label.equals("NO NAME") ? "" : label, uuid, blockSize,
                List.of()));
    }

    private static Optional<Result> gpt(ByteBuffer head, int sector) {
        if (head.limit() < sector + 92 || !ascii(head, sector, 8).equals("EFI PART")) {
            return Optional.empty();
        }
        long entriesLba = head.getLong(sector + 72);
        int count = head.getInt(sector + 80);
        int entrySize = head.getInt(sector + 84);
        List<Partition> partitions = new ArrayList<>();
        if (entrySize >= 128 && count > 0 && count <= 1024) {
            for (int i = 0; i < count; i++) {
                long at = entriesLba * sector + (long) i * entrySize;
                if (at + 128 > head.limit()) {
                    break;
                }
                int base = (int) at;
                String type = guid(head, base);
                if (type.equals("00000000-0000-0000-0000-000000000000")) {
                    continue;
                }
                long first = head.getLong(base + 32);
                long last = head.getLong(base + 40);
                String name = utf16(head, base + 56, 72);
                partitions.add(new Partition(i + 1, name, type, guid(head, base + 16), first * sector,
                        (last - first + 1) * sector));
            }
        }
        return Optional.of(new Result(Content.GPT, "", guid(head, sector + 56), sector, partitions));
    }

    /** A GUID as GPT stores it: the first three fields little-endian, the rest as bytes. */
    static String guid(ByteBuffer b, int at) {
        HexFormat hex = HexFormat.of();
        return String.format("%08x-%04x-%04x-%s-%s", b.getInt(at), b.getShort(at + 4) & 0xffff,
                b.getShort(at + 6) & 0xffff, hex.formatHex(bytes(b, at + 8, 2)), hex.formatHex(bytes(b, at + 10, 6)));
    }

    /** A UUID stored as 16 bytes in order (ext4, xfs, swap). */
    static String uuid(ByteBuffer b, int at) {
        String h = HexFormat.of().formatHex(bytes(b, at, 16));
        if (h.chars().allMatch(c -> c == '0')) {
            return "";
        }
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    private static byte[] bytes(ByteBuffer b, int at, int length) {
        byte[] raw = new byte[length];
        b.get(at, raw);
        return raw;
    }

    private static String ascii(ByteBuffer b, int at, int length) {
        if (at + length > b.limit()) {
            return "";
        }
        return new String(bytes(b, at, length), StandardCharsets.ISO_8859_1);
    }

    /** A NUL- or space-padded label. */
    private static String text(ByteBuffer b, int at, int length) {
        byte[] raw = bytes(b, at, length);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8).stripTrailing();
    }

    private static String utf16(ByteBuffer b, int at, int length) {
        String s = new String(bytes(b, at, length), StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
