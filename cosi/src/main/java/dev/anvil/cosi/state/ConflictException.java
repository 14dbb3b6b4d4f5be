package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Pointer;

/** The write does not fit the stored resource; {@link #reason()} says how. */
public final class ConflictException extends StateException {
    public enum Reason {
        /** Create of an ID that exists. */
        ALREADY_EXISTS,
        /** Update whose version is not the stored one (stale or ahead). */
        VERSION_MISMATCH,
        /** Destroy while finalizers remain. */
        PENDING_FINALIZERS,
        /** The writer is not the resource's owner. */
        OWNER,
        /** The stored phase is not the one the writer expected. */
        PHASE
    }

    private final Reason reason;

    public ConflictException(Pointer pointer, Reason reason, String detail) {
        super(pointer, "resource " + pointer + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when this conflict is about a resource of that type (in any namespace). */
    public boolean isAbout(String type) {
        return pointer().type().equals(type);
    }
}
