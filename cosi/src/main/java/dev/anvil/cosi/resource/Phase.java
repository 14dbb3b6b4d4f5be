package dev.anvil.cosi.resource;

/** A resource is running until someone starts tearing it down; a torn-down resource waits for its finalizers. */
public enum Phase {
    RUNNING("running"),
    TEARING_DOWN("tearingDown");

    private final String text;

    Phase(String text) {
        this.text = text;
    }

    public static Phase parse(String text) {
        for (Phase phase : values()) {
            if (phase.text.equals(text)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown resource phase \"" + text + "\" (want running or tearingDown)");
    }

    @Override
    public String toString() {
        return text;
    }
}
