package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Pointer;

/**
 * What a state operation can fail with. Every error names the resource (or the kind, with an empty ID) it is about,
 * so callers can tell a conflict on their own output from one elsewhere.
 */
public abstract sealed class StateException extends RuntimeException
        permits NotFoundException, ConflictException, InvalidBookmarkException, BufferOverrunException,
        UnsupportedStateOperationException {
    private final Pointer pointer;

    StateException(Pointer pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public Pointer pointer() {
        return pointer;
    }
}
