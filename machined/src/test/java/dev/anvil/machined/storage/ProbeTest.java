package dev.anvil.machined.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images made by the real tools (mkfs.ext4, mkfs.xfs, mkfs.vfat, mkswap, mksquashfs, sfdisk) are probed as blkid
 * would: the content, label and UUID each tool wrote, and a GPT's entries with their names and GUIDs.
 */
class ProbeTest {
    @TempDir
    Path dir;

    @Test
    void ext4_labelAndUuid() throws Exception {
        Path image = image(8);
        run("/usr/sbin/mkfs.ext4", "-q", "-F", "-L", "STATE", "-U", "0b3b4c2a-8d9e-4f10-a1b2-c3d4e5f60718",
                image.toString());
        assertThat(Probe.probe(image)).isEqualTo(new Probe.Result(Probe.Content.EXT4, "STATE",
                "0b3b4c2a-8d9e-4f10-a1b2-c3d4e5f60718", 1024, List.of()));
    }

    @Test
    void xfs_labelAndUuid() throws Exception {
        Path image = image(300);
        run("/usr/sbin/mkfs.xfs", "-q", "-f", "-L", "EPHEMERAL", "-m", "uuid=5e8f8a0c-0f5b-4c6e-9a41-7b2d3c4e5f60",
                image.toString());
        Probe.Result probed = Probe.probe(image);
        assertThat(probed.content()).isEqualTo(Probe.Content.XFS);
        assertThat(probed.label()).isEqualTo("EPHEMERAL");
        assertThat(probed.uuid()).isEqualTo("5e8f8a0c-0f5b-4c6e-9a41-7b2d3c4e5f60");
        assertThat(probed.blockSize()).isEqualTo(4096);
    }

    @Test
    void vfat_labelAndVolumeId() throws Exception {
        Path image = image(40);
        run("/usr/sbin/mkfs.vfat", "-F", "32", "-n", "EFI", "-i", "1a2b3c4d", image.toString());
        Probe.Result probed = Probe.probe(image);
        assertThat(probed.content()).isEqualTo(Probe.Content.VFAT);
        assertThat(probed.label()).isEqualTo("EFI");
        assertThat(probed.uuid()).isEqualTo("1A2B-3C4D");
    }

    @Test
    void vfat12_withoutLabel() throws Exception {
        Path image = image(4);
        run("/usr/sbin/mkfs.vfat", "-F", "12", "-i", "00ff00ff", image.toString());
        Probe.Result probed = Probe.probe(image);
        assertThat(probed.content()).isEqualTo(Probe.Content.VFAT);
        assertThat(probed.label()).isEmpty();
        assertThat(probed.uuid()).isEqualTo("00FF-00FF");
    }

    @Test
    void swap_labelAndUuid() throws Exception {
        Path image = image(4);
        run("/usr/sbin/mkswap", "-L", "swappy", "-U", "11111111-2222-3333-4444-555555555555", image.toString());
        assertThat(Probe.probe(image)).isEqualTo(new Probe.Result(Probe.Content.SWAP, "swappy",
                "11111111-2222-3333-4444-555555555555", 4096, List.of()));
    }

    @Test
    void squashfs_hasNeitherLabelNorUuid() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.writeString(content.resolve("file"), "x");
        Path image = dir.resolve("root.squashfs");
        run("/usr/bin/mksquashfs", content.toString(), image.toString(), "-quiet", "-noappend");
        assertThat(Probe.probe(image).content()).isEqualTo(Probe.Content.SQUASHFS);
        assertThat(Probe.probe(image).label()).isEmpty();
    }

    @Test
    void gpt_entriesWithNamesAndGuids() throws Exception {
        Path image = image(16);
        Files.writeString(dir.resolve("table"), """
                label: gpt
                label-id: 6F1C2D3E-4B5A-4978-8695-A4B3C2D1E0F9
                start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9, name="EFI"
                start=6144, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=1F2E3D4C-5B6A-4789-9ABC-DEF012345678, name="STATE"
                """);
        runWithInput(Files.readString(dir.resolve("table")), "/usr/sbin/sfdisk", "-q", image.toString());
        Probe.Result probed = Probe.probe(image);
        assertThat(probed.content()).isEqualTo(Probe.Content.GPT);
        assertThat(probed.uuid()).isEqualTo("6f1c2d3e-4b5a-4978-8695-a4b3c2d1e0f9");
        assertThat(probed.partitions()).containsExactly(
                new Probe.Partition(1, "EFI", "c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
                        "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9", 2048L * 512, 4096L * 512),
                new Probe.Partition(2, "STATE", "0fc63daf-8483-4772-8e79-3d69d8477de4",
                        "1f2e3d4c-5b6a-4789-9abc-def012345678", 6144L * 512, 8192L * 512));
    }

    @Test
    void zeros_areBlank_andOtherBytesUnknown() throws Exception {
        Path image = image(1);
        assertThat(Probe.probe(image).content()).isEqualTo(Probe.Content.BLANK);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(100);
            f.write("not a filesystem".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Probe.probe(image).content()).isEqualTo(Probe.Content.UNKNOWN);
        assertThat(Probe.Content.UNKNOWN.blkidName()).isEmpty();
        assertThat(Probe.Content.EXT4.blkidName()).isEqualTo("ext4");
    }

    private Path image(int mebibytes) throws Exception {
        Path image = dir.resolve("disk-" + System.nanoTime() + ".img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(mebibytes * 1024L * 1024);
        }
        return image;
    }

    private void run(String... command) throws Exception {
        runWithInput("", command);
    }

    private void runWithInput(String input, String... command) throws Exception {
        LoopDisk.run(dir, input, command);
    }
}
