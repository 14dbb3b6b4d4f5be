package dev.anvil.ctl.dashboard;

import java.io.IOException;

/**
 * Turns the bytes a terminal sends for a key press into a {@link Key}: q or Ctrl-C quits, left/right arrows (and h/l,
 * p/n) move between nodes, 1-9 pick one, F1-F4 pick a screen. Arrows and function keys come as escape sequences,
 * in the forms xterm and tmux send (ESC [ C, ESC O C, ESC O P, ESC [ 1 1 ~) and the Linux console's (ESC [ [ A).
 */
final class KeyDecoder {
    /** What {@link Input#read} returns when nothing came in time. */
    static final int TIMEOUT = -2;
    /**
     * How long the rest of an escape sequence may take to follow its ESC. The terminal sends it in one write, but
     * the reader's thread may be late on a busy machine, and a sequence cut in two would read as three unknown keys;
     * only a lone Escape press, which means nothing here, waits this long.
     */
    private static final long SEQUENCE_WAIT_MS = 500;

    /** A terminal's input: the next character, EOF (-1) or {@link #TIMEOUT}. */
    interface Input {
        int read(long timeoutMillis) throws IOException;
    }

    private KeyDecoder() {
    }

    /** The next key within {@code timeoutMillis}; null when none came; a Quit at the end of the input. */
    static Key next(Input in, long timeoutMillis) throws IOException {
        int c = in.read(timeoutMillis);
        if (c == TIMEOUT) {
            return null;
        }
        return switch (c) {
            case -1, 3, 'q', 'Q' -> new Key.Quit();
            case 'h', 'p' -> new Key.Previous();
            case 'l', 'n' -> new Key.Next();
            case 27 -> escape(in);
            default -> c >= '1' && c <= '9' ? new Key.Node(c - '0') : new Key.Other();
        };
    }

    private static Key escape(Input in) throws IOException {
        int introducer = in.read(SEQUENCE_WAIT_MS);
        if (introducer != '[' && introducer != 'O') {
            return new Key.Other();
        }
        StringBuilder body = new StringBuilder().append((char) introducer);
        // parameters, then a final letter or '~'; the console's "[[" opens its function keys
        while (body.length() < 8) {
            int c = in.read(SEQUENCE_WAIT_MS);
            if (c < 0) {
                break;
            }
            body.append((char) c);
            boolean consoleFunctionKey = introducer == '[' && body.length() == 2 && c == '[';
            if (!consoleFunctionKey && (Character.isLetter(c) || c == '~')) {
                break;
            }
        }
        return sequence(body.toString());
    }

    private static Key sequence(String s) {
        return switch (s) {
            case "[D", "OD" -> new Key.Previous();
            case "[C", "OC" -> new Key.Next();
            case "OP", "[11~", "[[A" -> new Key.Show(Screen.SUMMARY);
            case "OQ", "[12~", "[[B" -> new Key.Show(Screen.MONITOR);
            case "OR", "[13~", "[[C" -> new Key.Show(Screen.NETWORK);
            case "OS", "[14~", "[[D" -> new Key.Show(Screen.CLUSTER);
            default -> new Key.Other();
        };
    }
}
