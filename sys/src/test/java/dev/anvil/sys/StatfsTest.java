package dev.anvil.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatfsTest {

    @Test
    void of_agreesWithTheJdksViewOfTheSameFilesystem(@TempDir Path dir) throws IOException {
        Statfs fs = Statfs.of(dir.toString());
        var store = Files.getFileStore(dir);
        assertThat(fs.blockSize()).isPositive();
        assertThat(fs.size()).isEqualTo(store.getTotalSpace());
        assertThat(fs.blocksAvailable()).isLessThanOrEqualTo(fs.blocksFree()).isLessThanOrEqualTo(fs.blocks());
        assertThat(fs.available()).isBetween(0L, fs.size());
    }

    @Test
    void of_aMissingPath_failsWithTheKernelsReason(@TempDir Path dir) {
        assertThatThrownBy(() -> Statfs.of(dir.resolve("missing").toString()))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno())
                        .isEqualTo(SyscallException.ENOENT))
                .hasMessageContaining("statfs(");
    }
}
