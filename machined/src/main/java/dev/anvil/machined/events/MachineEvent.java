package dev.anvil.machined.events;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the node's event stream, as the Events API serves it: an ID that orders events, the time, the ID of
 * the request that caused it (empty when none), and what happened.
 */
public record MachineEvent(String id, Instant time, String actorId, Payload payload) {

    /** What can happen; the names follow Talos's event messages. */
    public sealed interface Payload {
    }

    public enum Action {
        START, STOP, NOOP
    }

    public record SequenceEvent(String sequence, Action action, String error) implements Payload {
    }

    public record PhaseEvent(String phase, Action action) implements Payload {
    }

    public record TaskEvent(String task, Action action, String error) implements Payload {
    }

    public record ServiceStateEvent(String service, String state, String message, Boolean healthy) implements Payload {
    }

    public record ConfigLoadErrorEvent(String error) implements Payload {
    }

    /** Talos's event for a config the node would not run with; Anvil's node sends it when it reverts a config. */
    public record ConfigValidationErrorEvent(String error) implements Payload {
    }

    public record MachineStatusEvent(String stage, boolean ready, List<String> unmetConditions)
            implements Payload {
    }
}
