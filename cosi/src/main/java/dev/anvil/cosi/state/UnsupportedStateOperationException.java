package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Pointer;

/** The backend cannot do this (for example, a store without history cannot replay tail events). */
public final class UnsupportedStateOperationException extends StateException {
    public UnsupportedStateOperationException(Pointer pointer, String what) {
        super(pointer, what + " is not supported for " + pointer.type() + "(" + pointer.namespace() + ")");
    }
}
