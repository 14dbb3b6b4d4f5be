package dev.anvil.ctl.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

class KeyDecoderTest {

    /** A terminal's input that has sent {@code text}, then times out. */
    private static KeyDecoder.Input typed(String text) {
        Deque<Integer> chars = new ArrayDeque<>();
        text.chars().forEach(chars::add);
        return timeout -> chars.isEmpty() ? KeyDecoder.TIMEOUT : chars.removeFirst();
    }

    private static Key decode(String text) throws IOException {
        return KeyDecoder.next(typed(text), 10);
    }

    @Test
    void plainKeys_quitMoveAndPickNodes() throws IOException {
        assertThat(decode("q")).isEqualTo(new Key.Quit());
        assertThat(decode("\u0003")).isEqualTo(new Key.Quit());
        assertThat(decode("3")).isEqualTo(new Key.Node(3));
        assertThat(decode("n")).isEqualTo(new Key.Next());
        assertThat(decode("h")).isEqualTo(new Key.Previous());
        assertThat(decode("x")).isEqualTo(new Key.Other());
        assertThat(decode("0")).isEqualTo(new Key.Other());
    }

    @Test
    void nothingTyped_isNoKey_andTheEndOfInputQuits() throws IOException {
        assertThat(decode("")).isNull();
        assertThat(KeyDecoder.next(t -> -1, 10)).isEqualTo(new Key.Quit());
    }

    @Test
    void arrows_inNormalAndApplicationCursorMode() throws IOException {
        assertThat(decode("\033[C")).isEqualTo(new Key.Next());
        assertThat(decode("\033[D")).isEqualTo(new Key.Previous());
        assertThat(decode("\033OC")).isEqualTo(new Key.Next());
        assertThat(decode("\033OD")).isEqualTo(new Key.Previous());
    }

    @Test
    void functionKeys_asXtermTmuxAndTheLinuxConsoleSendThem() throws IOException {
        assertThat(decode("\033OP")).isEqualTo(new Key.Show(Screen.SUMMARY));
        assertThat(decode("\033OQ")).isEqualTo(new Key.Show(Screen.MONITOR));
        assertThat(decode("\033[13~")).isEqualTo(new Key.Show(Screen.NETWORK));
        assertThat(decode("\033[14~")).isEqualTo(new Key.Show(Screen.CLUSTER));
        assertThat(decode("\033[[A")).isEqualTo(new Key.Show(Screen.SUMMARY));
        assertThat(decode("\033[[D")).isEqualTo(new Key.Show(Screen.CLUSTER));
    }

    @Test
    void aSequenceIsReadWhole_soTheNextKeyComesAfterIt() throws IOException {
        KeyDecoder.Input input = typed("\033[15~2\033q");
        assertThat(KeyDecoder.next(input, 10)).isEqualTo(new Key.Other());
        assertThat(KeyDecoder.next(input, 10)).isEqualTo(new Key.Node(2));
        // an escape and a key that opens no sequence are one unknown key
        assertThat(KeyDecoder.next(input, 10)).isEqualTo(new Key.Other());
        assertThat(KeyDecoder.next(input, 10)).isNull();
    }
}
