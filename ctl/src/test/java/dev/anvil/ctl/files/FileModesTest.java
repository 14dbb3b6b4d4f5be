package dev.anvil.ctl.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's os.FileMode strings, as talosctl ls -l prints them. */
class FileModesTest {
    @Test
    void string_isGosFileModeString() {
        assertThat(FileModes.string(0644)).isEqualTo("-rw-r--r--");
        assertThat(FileModes.string((1 << 31) | 0755)).isEqualTo("drwxr-xr-x");
        assertThat(FileModes.string((1 << 27) | 0777)).isEqualTo("Lrwxrwxrwx");
        assertThat(FileModes.string((1 << 26) | (1 << 21) | 0620)).isEqualTo("Dcrw--w----");
        assertThat(FileModes.string((1 << 31) | (1 << 20) | 0777)).isEqualTo("dtrwxrwxrwx");
        assertThat(FileModes.string((1 << 23) | 0755)).isEqualTo("urwxr-xr-x");
    }
}
