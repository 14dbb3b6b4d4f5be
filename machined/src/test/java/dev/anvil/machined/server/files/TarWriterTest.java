package dev.anvil.machined.server.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Archives written here are read back by the system's tar. */
class TarWriterTest {
    @TempDir
    Path dir;

    @Test
    void numbersTooLargeForUstar_goToPax() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var tar = new TarWriter(bytes);
        tar.begin(new TarWriter.Header("ids", TarWriter.REGULAR, 0640, 3_000_000, 4_000_000, 3, -86400, null, 0, 0));
        tar.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        tar.end();
        tar.finish();

        String listing = tar("--numeric-owner", "--utc", "-tvf", write(bytes));
        assertThat(listing.trim().split("\\s+"))
                .containsExactly("-rw-r-----", "3000000/4000000", "3", "1969-12-31", "00:00", "ids");
    }

    @Test
    void anEntryEndedEarly_isFilledWithZeros_andTheArchiveStaysReadable() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var tar = new TarWriter(bytes);
        tar.begin(new TarWriter.Header("shrank", TarWriter.REGULAR, 0644, 0, 0, 1000, 0, null, 0, 0));
        tar.write("only this".getBytes(StandardCharsets.US_ASCII), 0, 9);
        tar.end();
        tar.begin(new TarWriter.Header("next", TarWriter.REGULAR, 0644, 0, 0, 4, 0, null, 0, 0));
        tar.write("next".getBytes(StandardCharsets.US_ASCII), 0, 4);
        tar.end();
        tar.finish();

        tar("-xf", write(bytes), "-C", dir.toString());
        assertThat(Files.readAllBytes(dir.resolve("shrank"))).hasSize(1000).startsWith("only this".getBytes());
        assertThat(Files.readString(dir.resolve("next"))).isEqualTo("next");
    }

    @Test
    void goMode_isGosFileModeOfTheStMode() {
        assertThat(NodeFiles.goMode(0100644)).isEqualTo(0644);
        assertThat(NodeFiles.goMode(040755)).isEqualTo((1 << 31) | 0755);
        assertThat(NodeFiles.goMode(0120777)).isEqualTo((1 << 27) | 0777);
        assertThat(NodeFiles.goMode(020620)).as("character device").isEqualTo((1 << 26) | (1 << 21) | 0620);
        assertThat(NodeFiles.goMode(060660)).as("block device").isEqualTo((1 << 26) | 0660);
        assertThat(NodeFiles.goMode(010600)).as("named pipe").isEqualTo((1 << 25) | 0600);
        assertThat(NodeFiles.goMode(0140755)).as("socket").isEqualTo((1 << 24) | 0755);
        assertThat(NodeFiles.goMode(0104755)).as("setuid").isEqualTo((1 << 23) | 0755);
        assertThat(NodeFiles.goMode(0102755)).as("setgid").isEqualTo((1 << 22) | 0755);
        assertThat(NodeFiles.goMode(041777)).as("sticky").isEqualTo((1 << 31) | (1 << 20) | 0777);
    }

    private String write(ByteArrayOutputStream bytes) throws IOException {
        Path archive = dir.resolve("test.tar");
        Files.write(archive, bytes.toByteArray());
        return archive.toString();
    }

    private static String tar(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "tar";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("tar %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
