package dev.anvil.e2e.image;

import dev.anvil.imager.ContentsRule;
import dev.anvil.imager.Cpio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built image's files, listed from the image itself: the initramfs (lz4, then our cpio reader) and the squashfs
 * root (unsquashfs -l). No shell, package manager, SSH or busybox anywhere; what init needs is there.
 */
@Tag("e2e")
class ImageContentsTest {
    @Test
    void image_holdsNoShellNorPackageManager() throws Exception {
        List<String> entries = new ArrayList<>();
        // through sys.Spawner: this JVM's reaper would take ProcessBuilder's exit statuses
        Child lz4 = Spawner.spawn(ProcessSpec.of("/usr/bin/lz4", "-dc", ImageFixture.initramfs().toString())
                .withOutput(ProcessSpec.Output.CAPTURE));
        try (InputStream in = lz4.output()) {
            Cpio.list(in).forEach(e -> entries.add("initramfs:/" + e.name()));
        }
        assertThat(lz4.exit().get(1, TimeUnit.MINUTES).success()).isTrue();
        Child unsquashfs = Spawner.spawn(ProcessSpec.of("/usr/bin/unsquashfs", "-l", "-d", "",
                ImageFixture.rootfs().toString()).withOutput(ProcessSpec.Output.CAPTURE));
        String listed = new String(unsquashfs.output().readAllBytes());
        assertThat(unsquashfs.exit().get(1, TimeUnit.MINUTES).success()).isTrue();
        listed.lines().filter(l -> l.startsWith("/")).forEach(l -> entries.add("rootfs:" + l));

        assertThat(entries).contains("initramfs:/init", "initramfs:/jre/bin/java", "initramfs:/app/machined.jar",
                "initramfs:/app/machined.aot", "rootfs:/usr/bin/etcd", "rootfs:/usr/bin/containerd",
                "rootfs:/usr/sbin/runc", "rootfs:/usr/sbin/mkfs.ext4", "rootfs:/etc/ssl/certs/ca-certificates.crt");
        assertThat(ContentsRule.violations(entries)).isEmpty();
    }
}
