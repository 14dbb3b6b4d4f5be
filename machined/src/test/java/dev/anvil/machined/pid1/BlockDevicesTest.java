package dev.anvil.machined.pid1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BlockDevicesTest {
    @TempDir
    Path dir;

    @Test
    void probe_squashfsExt4WithLabelBlankAndOther() throws Exception {
        ByteBuffer squashfs = ByteBuffer.allocate(8192);
        squashfs.put("hsqs".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer ext4 = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        ext4.putShort(1080, (short) 0xEF53);
        ext4.put(1144, "STATE".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer other = ByteBuffer.allocate(8192);
        other.put(510, (byte) 0x55);

        assertThat(probe("vda", squashfs)).isEqualTo(new BlockDevices.Disk("vda", dir.resolve("vda"),
                BlockDevices.Content.SQUASHFS, ""));
        assertThat(probe("vdb", ext4).content()).isEqualTo(BlockDevices.Content.EXT4);
        assertThat(probe("vdb", ext4).label()).isEqualTo("STATE");
        assertThat(probe("vdc", ByteBuffer.allocate(1 << 20)).content()).isEqualTo(BlockDevices.Content.BLANK);
        assertThat(probe("vdd", other).content()).isEqualTo(BlockDevices.Content.OTHER);
    }

    @Test
    void list_skipsLoopRamAndOpticalDevices() throws Exception {
        Path sysBlock = Files.createDirectories(dir.resolve("sys"));
        Path dev = Files.createDirectories(dir.resolve("dev"));
        for (String name : new String[] {"vda", "loop0", "ram0", "sr0"}) {
            Files.createDirectories(sysBlock.resolve(name));
            Files.write(dev.resolve(name), new byte[4096]);
        }
        assertThat(BlockDevices.list(sysBlock, dev)).extracting(BlockDevices.Disk::name).containsExactly("vda");
    }

    private BlockDevices.Disk probe(String name, ByteBuffer content) throws Exception {
        Files.write(dir.resolve(name), content.array());
        return BlockDevices.probe(name, dir.resolve(name));
    }
}
