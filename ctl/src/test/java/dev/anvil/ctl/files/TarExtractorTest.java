package dev.anvil.ctl.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Archives made by the system's tar (GNU and pax formats), extracted here. */
class TarExtractorTest {
    @TempDir
    Path dir;

    @Test
    void extracts_directoriesFilesAndLinks_withLongAndNonAsciiNames() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        String deep = "a".repeat(120) + "/" + "b".repeat(120) + "/" + "c".repeat(80) + ".txt";
        Files.createDirectories(source.resolve(deep).getParent());
        Files.writeString(source.resolve(deep), "deep\n");
        Files.writeString(source.resolve("été.txt"), "accents\n");
        Files.writeString(source.resolve("secret"), "mine\n");
        Files.setPosixFilePermissions(source.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("x".repeat(200)));
        byte[] big = new byte[1_000_003];
        new java.util.Random(1).nextBytes(big);
        Files.write(source.resolve("big"), big);

        for (String format : new String[] {"gnu", "posix"}) {
            Path archive = dir.resolve(format + ".tar.gz");
            run("tar", "--format=" + format, "-czf", archive.toString(), "-C", source.toString(), ".");
            Path out = dir.resolve(format);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
                assertThat(TarExtractor.extract(in, out)).isEmpty();
            }

            assertThat(Files.readString(out.resolve(deep))).isEqualTo("deep\n");
            assertThat(Files.readString(out.resolve("été.txt"))).isEqualTo("accents\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("secret"))))
                    .isEqualTo("rw-------");
            assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("x".repeat(200)));
            assertThat(Files.readAllBytes(out.resolve("big"))).isEqualTo(big);
        }
    }

    @Test
    void aNamedPipe_isSkipped_andSaidSo() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        run("mkfifo", source.resolve("pipe").toString());
        Path archive = dir.resolve("pipe.tar");
        run("tar", "-cf", archive.toString(), "-C", source.toString(), "pipe");

        try (InputStream in = Files.newInputStream(archive)) {
            assertThat(TarExtractor.extract(in, dir.resolve("out"))).containsExactly(
                    "skipped pipe: a named pipe cannot be made here");
        }
    }

    @Test
    void nothingLandsOutsideTheDirectory() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/inner"));
        Files.writeString(source.resolve("file"), "x");
        Path escape = dir.resolve("escape.tar");
        run("tar", "-cPf", escape.toString(), "-C", source.toString(), "../inner/file");
        try (InputStream in = Files.newInputStream(escape)) {
            assertThatThrownBy(() -> TarExtractor.extract(in, dir.resolve("out1")))
                    .isInstanceOf(IOException.class).hasMessageContaining("lies outside");
        }

        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("out"), dir);
        Files.createDirectories(linked.resolve("real/out"));
        Files.writeString(linked.resolve("real/out/planted"), "x");
        Path through = dir.resolve("through.tar");
        run("tar", "-cf", through.toString(), "-C", linked.toString(), "out", "-C", linked.resolve("real").toString(),
                "out/planted");
        try (InputStream in = Files.newInputStream(through)) {
            assertThatThrownBy(() -> TarExtractor.extract(in, dir.resolve("out2")))
                    .isInstanceOf(IOException.class).hasMessageContaining("through a symbolic link");
        }
        assertThat(dir.resolve("planted")).doesNotExist();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
