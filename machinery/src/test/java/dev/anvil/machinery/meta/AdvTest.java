package dev.anvil.machinery.meta;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/** Talos's META layout, byte for byte, and what reading makes of torn, damaged and blank partitions. */
class AdvTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Adv read(byte[] contents, List<String> damage) {
        return Adv.read(contents, damage::add);
    }

    @Test
    void aCopy_isMagicEntriesChecksumMagic_writtenTwice() throws Exception {
        byte[] both = Adv.empty().with(0x0a, utf8("net")).orElseThrow().with(6, utf8("up")).orElseThrow().bytes();
        assertThat(both).hasSize(2 * 256 * 1024);
        byte[] copy = Arrays.copyOf(both, Adv.LENGTH);
        assertThat(Arrays.copyOfRange(both, Adv.LENGTH, Adv.SIZE)).isEqualTo(copy);
        ByteBuffer in = ByteBuffer.wrap(copy);
        assertThat(in.getInt(0)).isEqualTo(0x5a4b3c2d);
        // entries in key order: 6 "up", then 10 "net", then a zero tag
        assertThat(in.getInt(4)).isEqualTo(6);
        assertThat(in.getInt(8)).isEqualTo(2);
        assertThat(new String(copy, 12, 2, StandardCharsets.UTF_8)).isEqualTo("up");
        assertThat(in.getInt(14)).isEqualTo(10);
        assertThat(in.getInt(18)).isEqualTo(3);
        assertThat(new String(copy, 22, 3, StandardCharsets.UTF_8)).isEqualTo("net");
        assertThat(in.getInt(25)).isZero();
        assertThat(in.getInt(Adv.LENGTH - 4)).isEqualTo(0xa5b4c3d2);
        byte[] zeroed = copy.clone();
        Arrays.fill(zeroed, Adv.LENGTH - 36, Adv.LENGTH - 4, (byte) 0);
        assertThat(Arrays.copyOfRange(copy, Adv.LENGTH - 36, Adv.LENGTH - 4))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(zeroed));
    }

    @Test
    void whatIsWritten_readsBack() {
        qt().forAll(integers().between(1, 255), strings().basicLatinAlphabet().ofLengthBetween(0, 300),
                integers().between(1, 255)).checkAssert((key, value, other) -> {
                    Adv adv = Adv.empty().with(key, utf8(value)).orElseThrow().with(other, utf8("x")).orElseThrow();
                    List<String> damage = new ArrayList<>();
                    Adv back = read(adv.bytes(), damage);
                    assertThat(damage).isEmpty();
                    assertThat(back.tags().keySet()).isEqualTo(adv.tags().keySet());
                    assertThat(back.get(other)).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("x")));
                    if (key.intValue() != other.intValue()) {
                        assertThat(back.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8(value)));
                    }
                });
    }

    @Test
    void aDamagedFirstCopy_isReadFromTheSecond() {
        byte[] both = Adv.empty().with(0x0b, utf8("kept")).orElseThrow().bytes();
        both[100] ^= 1;
        List<String> damage = new ArrayList<>();
        assertThat(read(both, damage).get(0x0b)).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("kept")));
        assertThat(damage).isEmpty();
    }

    @Test
    void bothCopiesDamaged_readEmpty_andSaySo_whileABlankPartitionIsSimplyEmpty() {
        byte[] both = Adv.empty().with(0x0b, utf8("lost")).orElseThrow().bytes();
        both[100] ^= 1;
        both[Adv.LENGTH + 100] ^= 1;
        List<String> damage = new ArrayList<>();
        assertThat(read(both, damage).tags()).isEmpty();
        assertThat(damage).singleElement().asString().contains("checksum mismatch");

        List<String> none = new ArrayList<>();
        assertThat(read(new byte[Adv.SIZE], none).tags()).isEmpty();
        assertThat(none).isEmpty();
    }

    @Test
    void aValueThatDoesNotFit_isRefused_andKeysAreOneByteButNotZero() {
        // as Talos counts: 20 bytes, then 8 a key and its value, within the block less 40
        Adv full = Adv.empty().with(1, new byte[Adv.LENGTH - 68]).orElseThrow();
        assertThat(full.with(2, new byte[0])).isEmpty();
        assertThat(full.with(1, new byte[Adv.LENGTH - 67])).isEmpty();
        assertThat(Adv.empty().without(3)).isEmpty();
        assertThatThrownBy(() -> Adv.empty().with(0, new byte[1])).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> Adv.empty().with(256, new byte[1])).hasMessageContaining("1 to 255");
    }
}
