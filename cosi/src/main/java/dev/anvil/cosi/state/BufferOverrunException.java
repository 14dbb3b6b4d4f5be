package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Kind;

/** A watch fell further behind than the history holds; the events it missed are gone, so the watch ends. */
public final class BufferOverrunException extends StateException {
    public BufferOverrunException(Kind kind, long writePos, long pos, int capacity) {
        super(kind.pointer(""), "buffer overrun: namespace \"" + kind.namespace() + "\" type \"" + kind.type()
                + "\", write pos " + writePos + ", pos " + pos + ", capacity " + capacity);
    }
}
