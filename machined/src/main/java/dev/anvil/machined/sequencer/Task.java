package dev.anvil.machined.sequencer;

/** One step of a phase, run beside the phase's other tasks. It may block; a take-over interrupts it. */
public record Task(String name, Body body) {
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }
}
