package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading kernel parameters from the real /proc/sys. */
class SysctlTest {
    @Test
    void read_aMultiDigitNumber_isWhole() throws Exception {
        // pid_max is at least 32768; the kernel answers a second read of it with end of file
        assertThat(new Sysctl().read("kernel.pid_max")).get().asString().matches("\\d{5,}")
                .isEqualTo(oneRead(Path.of("/proc/sys/kernel/pid_max")));
    }

    @Test
    void read_anAbsentParameter_isEmpty() {
        assertThat(new Sysctl().read("kernel.no_such_parameter")).isEmpty();
    }

    private static String oneRead(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            channel.read(buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        }
    }
}
