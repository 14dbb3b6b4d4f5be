package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Pointer;

/** A watch was asked to resume from a bookmark that is malformed, from another state, or no longer in history. */
public final class InvalidBookmarkException extends StateException {
    public InvalidBookmarkException(Pointer pointer, String detail) {
        super(pointer, "invalid watch bookmark for " + pointer.type() + "(" + pointer.namespace() + "): " + detail);
    }
}
