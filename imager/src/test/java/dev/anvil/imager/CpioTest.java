package dev.anvil.imager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CpioTest {
    @TempDir
    Path tree;

    @Test
    void write_listsBackSortedEntriesWithModesAndSizes() throws Exception {
        Files.createDirectories(tree.resolve("jre/bin"));
        Files.writeString(tree.resolve("jre/bin/java"), "elf");
        Files.setPosixFilePermissions(tree.resolve("jre/bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tree.resolve("a"), "12345");
        Files.createSymbolicLink(tree.resolve("init"), Path.of("/jre/bin/java"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cpio.write(tree, out, ImageBuilder.MTIME);
        byte[] archive = out.toByteArray();

        List<Cpio.Entry> entries = Cpio.list(new ByteArrayInputStream(archive));
        assertThat(entries).extracting(Cpio.Entry::name).containsExactly("a", "init", "jre", "jre/bin",
                "jre/bin/java");
        assertThat(entries.get(0)).isEqualTo(new Cpio.Entry("a", Cpio.S_IFREG | 0644, 5));
        assertThat(entries.get(1).symlink()).isTrue();
        assertThat(entries.get(1).size()).isEqualTo("/jre/bin/java".length());
        assertThat(entries.get(2).directory()).isTrue();
        assertThat(entries.get(4).mode()).isEqualTo(Cpio.S_IFREG | 0755);
        assertThat(archive.length % 4).isZero();
        assertThat(new String(archive, 0, 6)).isEqualTo("070701");
    }

    @Test
    void write_sameTreeWithOtherTimes_sameBytes() throws Exception {
        Files.writeString(tree.resolve("f"), "x");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        Cpio.write(tree, first, ImageBuilder.MTIME);
        Files.setLastModifiedTime(tree.resolve("f"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        Cpio.write(tree, second, ImageBuilder.MTIME);
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    }

    @Test
    void write_readableByGnuCpio() throws Exception {
        Files.createDirectories(tree.resolve("d"));
        Files.writeString(tree.resolve("d/f"), "hello");
        Path archive = Files.createTempFile("anvil-cpio", ".cpio");
        try {
            try (var out = Files.newOutputStream(archive)) {
                Cpio.write(tree, out, ImageBuilder.MTIME);
            }
            Process cpio = new ProcessBuilder("cpio", "-it", "--quiet").redirectInput(archive.toFile()).start();
            String listed = new String(cpio.getInputStream().readAllBytes());
            assertThat(cpio.waitFor()).isZero();
            assertThat(listed.lines()).containsExactly("d", "d/f");
        } finally {
            Files.deleteIfExists(archive);
        }
    }
}
