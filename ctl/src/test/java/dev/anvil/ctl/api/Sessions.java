package dev.anvil.ctl.api;

/** Sessions for tests of what commands print: nothing is dialled until a call is made. */
public final class Sessions {

    private Sessions() {
    }

    /** A session whose replies name their node in their metadata, or else are the endpoint's, 127.0.0.1:1. */
    public static ApiSession unconnected() {
        return ApiSession.insecure("127.0.0.1:1", null);
    }
}
