package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {
    private final LogLines lines = new LogLines();

    @Test
    void chunkOfWholeLines_givesEachLine_withItsNode() {
        assertThat(lines.add("n1", utf8("one\ntwo\n"))).containsExactly("n1: one", "n1: two");
        assertThat(lines.rest()).isEmpty();
    }

    @Test
    void lineCutAcrossChunks_isPrintedOnce_whole() {
        assertThat(lines.add("n1", utf8("hel"))).isEmpty();
        assertThat(lines.add("n1", utf8("lo\nwor"))).containsExactly("n1: hello");
        assertThat(lines.add("n1", utf8("ld\n"))).containsExactly("n1: world");
    }

    @Test
    void nodesKeepTheirOwnUnfinishedLines() {
        assertThat(lines.add("n1", utf8("a1"))).isEmpty();
        assertThat(lines.add("n2", utf8("b1\nb2"))).containsExactly("n2: b1");
        assertThat(lines.add("n1", utf8("a2\n"))).containsExactly("n1: a1a2");
        assertThat(lines.rest()).containsExactly("n2: b2");
    }

    @Test
    void characterCutBetweenChunks_isDecodedWhole() {
        byte[] text = "é\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines.add("n", ByteString.copyFrom(text, 0, 1))).isEmpty();
        assertThat(lines.add("n", ByteString.copyFrom(text, 1, text.length - 1))).containsExactly("n: é");
    }

    @Test
    void emptyLinesStay_andRestComesInNodeOrder() {
        assertThat(lines.add("z", utf8("\n\nlast"))).containsExactly("z: ", "z: ");
        lines.add("a", utf8("first"));
        assertThat(lines.rest()).containsExactly("a: first", "z: last");
        assertThat(lines.rest()).as("handed out once").isEmpty();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
