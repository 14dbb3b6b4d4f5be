package dev.anvil.machined.controllers.block;

import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machined.storage.BlockScan;
import dev.anvil.machined.storage.DiskLinkNames;
import dev.anvil.machined.storage.LoopDisk;
import dev.anvil.machined.storage.SysBlock;
import dev.anvil.machinery.resources.block.BlockDevice;
import dev.anvil.machinery.resources.block.DiscoveredVolume;
import dev.anvil.machinery.resources.block.Disk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block controllers against the kernel's own sysfs and device nodes: a loop device the test attaches over an
 * image holding a GPT with a vfat and an ext4 partition ({@link LoopDisk}) appears as a Disk, its partitions as
 * BlockDevices, what they hold as DiscoveredVolumes, with the udev-style link names; detached, it goes away.
 */
class BlockControllersTest {
    @TempDir
    Path dir;

    private RuntimeHarness node;
    private LoopDisk disk;

    @AfterEach
    void detach() throws Exception {
        if (node != null) {
            node.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aLoopDeviceAttached_isListed_probed_andGoneWhenDetached() throws Exception {
        disk = LoopDisk.attach(dir);
        String loop = disk.name();
        SysBlock sysfs = new SysBlock(Path.of("/sys"));
        node = new RuntimeHarness(new BlockDeviceController(sysfs), new DiskController(sysfs, Path.of("/dev")),
                new DiscoveredVolumeController(sysfs, Path.of("/dev")));

        Disk listed = node.awaitMatching(Disk.KIND.pointer(loop), Disk.class, d -> true);
        assertThat(listed.devPath()).isEqualTo("/dev/" + loop);
        assertThat(listed.size()).isEqualTo(LoopDisk.SIZE);
        assertThat(listed.prettySize()).isEqualTo("25 MB");
        assertThat(listed.sectorSize()).isEqualTo(512);
        assertThat(listed.subSystem()).isEqualTo("/sys/class/block");
        assertThat(listed.transport()).isEmpty();

        BlockDevice partition = node.awaitMatching(BlockDevice.KIND.pointer(loop + "p2"), BlockDevice.class,
                d -> true);
        assertThat(partition.type()).isEqualTo("partition");
        assertThat(partition.parent()).isEqualTo(loop);
        assertThat(partition.partitionNumber()).isEqualTo(2);
        assertThat(partition.major()).isPositive();

        DiscoveredVolume table = node.awaitMatching(DiscoveredVolume.KIND.pointer(loop), DiscoveredVolume.class,
                v -> v.name().equals("gpt"));
        assertThat(table.type()).isEqualTo("disk");
        DiscoveredVolume efi = node.awaitMatching(DiscoveredVolume.KIND.pointer(loop + "p1"),
                DiscoveredVolume.class, v -> v.name().equals("vfat"));
        assertThat(efi.label()).isEqualTo("TESTEFI");
        assertThat(efi.uuid()).isEqualTo("1234-5678");
        assertThat(efi.partitionLabel()).isEqualTo("ANVILTESTEFI");
        assertThat(efi.partitionType()).isEqualTo("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
        assertThat(efi.partitionUuid()).isEqualTo(LoopDisk.EFI_UUID);
        assertThat(efi.partitionIndex()).isEqualTo(1);
        assertThat(efi.offset()).isEqualTo(2048L * 512);
        assertThat(efi.parent()).isEqualTo(loop);
        DiscoveredVolume state = node.awaitMatching(DiscoveredVolume.KIND.pointer(loop + "p2"),
                DiscoveredVolume.class, v -> v.name().equals("ext4"));
        assertThat(state.label()).isEqualTo("anviltest state");
        assertThat(state.size()).isEqualTo(36864L * 512);

        Map<String, String> links = DiskLinkNames.of(BlockScan.scan(sysfs, Path.of("/dev")));
        assertThat(links).containsEntry("by-label/anviltest\\x20state", loop + "p2")
                .containsEntry("by-uuid/" + LoopDisk.STATE_FS_UUID, loop + "p2")
                .containsEntry("by-partlabel/ANVILTESTSTATE", loop + "p2")
                .containsEntry("by-partuuid/" + LoopDisk.STATE_UUID, loop + "p2")
                .containsEntry("by-label/TESTEFI", loop + "p1")
                .containsEntry("by-uuid/1234-5678", loop + "p1")
                .containsEntry("by-partlabel/ANVILTESTEFI", loop + "p1");
        assertThat(links).as("a loop device hangs off no bus and has no serial").doesNotContainValue(loop);

        disk.close();
        // a detached loop device keeps its node with size zero: no longer a disk, nor its partitions devices
        node.awaitAbsent(Disk.KIND.pointer(loop));
        node.awaitAbsent(BlockDevice.KIND.pointer(loop + "p2"));
        node.awaitAbsent(DiscoveredVolume.KIND.pointer(loop + "p1"));
    }
}
