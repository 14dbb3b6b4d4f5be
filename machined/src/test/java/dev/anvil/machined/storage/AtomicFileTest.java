package dev.anvil.machined.storage;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFileTest {
    @TempDir
    Path dir;

    static byte[] content(char fill) {
        byte[] bytes = new byte[256 * 1024];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    @Test
    void write_replacesTheWholeContent() throws Exception {
        Path file = dir.resolve("state/config.yaml");
        AtomicFile.write(file, "old".getBytes());
        AtomicFile.write(file, "new".getBytes());
        assertThat(Files.readString(file)).isEqualTo("new");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void killMinus9_duringWrites_leavesTheOldOrTheNewContent_neverAMix() throws Exception {
        Path file = dir.resolve("config.yaml");
        AtomicFile.write(file, content('A'));
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = System.getProperty("java.class.path");
        for (int round = 0; round < 5; round++) {
            Child writer = Spawner.spawn(new ProcessSpec(java, List.of("-cp", classpath,
                    AtomicFileWriter.class.getName(), file.toString()), Map.of(), ProcessSpec.Output.CAPTURE, true));
            byte[] started = writer.output().readNBytes("writing\n".length());
            assertThat(new String(started)).isEqualTo("writing\n");
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200));
            writer.signal(Child.SIGKILL);
            assertThat(writer.exit().get(10, TimeUnit.SECONDS).success()).isFalse();
            byte[] now = Files.readAllBytes(file);
            assertThat(Arrays.equals(now, content('A')) || Arrays.equals(now, content('B')))
                    .as("after kill %d the file holds one whole content (%d bytes)", round, now.length).isTrue();
        }
    }
}
