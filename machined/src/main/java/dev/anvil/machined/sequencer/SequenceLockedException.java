package dev.anvil.machined.sequencer;

/** Another sequence runs and this one may not take it over (the API answers LOCKED). */
public final class SequenceLockedException extends RuntimeException {
    public SequenceLockedException(Sequence wanted, Sequence running) {
        super("sequence " + wanted + " cannot run: " + running + " is in progress");
    }
}
