package dev.anvil.machined.pid1;

import dev.anvil.machined.storage.LoopDisk;
import dev.anvil.machined.storage.SysBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The links init makes, for a loop device the test attaches ({@link LoopDisk}), in a directory of the test's
 * standing in for /dev (its device entries link to the real nodes), so the host's /dev/disk is left alone.
 */
class DiskLinksTest {
    @TempDir
    Path dir;

    @Test
    void linksForLabelsUuidsAndPartitions_andStaleOnesRemoved() throws Exception {
        try (LoopDisk disk = LoopDisk.attach(dir)) {
            String loop = disk.name();
            Path dev = Files.createDirectories(dir.resolve("dev"));
            for (String name : new String[] {loop, loop + "p1", loop + "p2"}) {
                Files.createSymbolicLink(dev.resolve(name), Path.of("/dev", name));
            }
            Path stale = Files.createDirectories(dev.resolve("disk/by-label")).resolve("GONE");
            Files.createSymbolicLink(stale, Path.of("../../sdz"));

            DiskLinks.update(new SysBlock(Path.of("/sys")), dev);

            assertThat(Files.readSymbolicLink(dev.resolve("disk/by-label/anviltest\\x20state")))
                    .isEqualTo(Path.of("../..", loop + "p2"));
            assertThat(dev.resolve("disk/by-label/TESTEFI").toRealPath()).isEqualTo(Path.of("/dev", loop + "p1"));
            assertThat(dev.resolve("disk/by-uuid/" + LoopDisk.STATE_FS_UUID).toRealPath())
                    .isEqualTo(Path.of("/dev", loop + "p2"));
            assertThat(dev.resolve("disk/by-partlabel/ANVILTESTEFI").toRealPath())
                    .isEqualTo(Path.of("/dev", loop + "p1"));
            assertThat(dev.resolve("disk/by-partuuid/" + LoopDisk.STATE_UUID).toRealPath())
                    .isEqualTo(Path.of("/dev", loop + "p2"));
            assertThat(stale).doesNotExist();
            assertThat(Files.isSymbolicLink(stale)).isFalse();
        }
    }
}
