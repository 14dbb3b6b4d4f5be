package dev.anvil.machined.storage;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.meta.Adv;
import dev.anvil.machinery.resources.runtime.MetaKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's META in container mode: a file in Talos's format, its keys published, kept across restarts. */
class MetaTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysWritten_arePublished_storedInTalossFormat_andThereAfterARestart() throws Exception {
        Path file = dir.resolve("system/meta");
        InMemoryState state = new InMemoryState();
        Meta meta = new Meta(file, state);
        meta.load();
        assertThat(file).doesNotExist();

        assertThat(meta.write(0x0a, utf8("platform network"))).isTrue();
        assertThat(meta.write(0x0c, utf8("user"))).isTrue();
        assertThat(state.get(MetaKey.KIND.pointer("0x0a"), MetaKey.class).spec().value()).isEqualTo("platform network");
        assertThat(Files.size(file)).isEqualTo(Adv.SIZE);
        assertThat(Adv.read(Files.readAllBytes(file), why -> { }).get(0x0c))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("user")));

        assertThat(meta.delete(0x0a)).isTrue();
        assertThat(meta.delete(0x0a)).as("gone already").isFalse();
        assertThat(state.list(MetaKey.KIND)).hasSize(1);

        InMemoryState afterRestart = new InMemoryState();
        new Meta(file, afterRestart).load();
        assertThat(afterRestart.list(MetaKey.KIND)).singleElement()
                .satisfies(r -> assertThat(r.metadata().id()).isEqualTo("0x0c"));
    }

    @Test
    void aValueTooLarge_isRefused_andChangesNothing() throws Exception {
        Path file = dir.resolve("meta");
        Meta meta = new Meta(file, new InMemoryState());
        meta.write(1, utf8("small"));
        byte[] before = Files.readAllBytes(file);
        assertThat(meta.write(2, new byte[Adv.LENGTH])).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aWipe_leavesNoKey_onDiskOrAsAResource() throws Exception {
        Path file = dir.resolve("meta");
        InMemoryState state = new InMemoryState();
        Meta meta = new Meta(file, state);
        meta.write(0x0b, utf8("secret-ish"));
        meta.wipe();
        assertThat(state.list(MetaKey.KIND)).isEmpty();
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("secret-ish");
        Meta again = new Meta(file, new InMemoryState());
        again.load();
        assertThat(again.values()).isEmpty();
    }
}
