package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Pointer;

/** The resource does not exist. */
public final class NotFoundException extends StateException {
    public NotFoundException(Pointer pointer) {
        super(pointer, "resource " + pointer + " doesn't exist");
    }
}
