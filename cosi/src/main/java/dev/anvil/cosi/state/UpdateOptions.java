package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Phase;

import java.util.Objects;

/**
 * How an update is checked: the writer's owner must be the stored owner, and the stored phase must be the expected
 * one (running unless said otherwise; null accepts any phase).
 */
public record UpdateOptions(String owner, Phase expectedPhase) {
    public static final UpdateOptions DEFAULT = new UpdateOptions("", Phase.RUNNING);

    public UpdateOptions {
        Objects.requireNonNull(owner, "owner");
    }

    public static UpdateOptions owner(String owner) {
        return new UpdateOptions(owner, Phase.RUNNING);
    }

    public UpdateOptions withOwner(String o) {
        return new UpdateOptions(o, expectedPhase);
    }

    public UpdateOptions withExpectedPhase(Phase phase) {
        return new UpdateOptions(owner, phase);
    }

    public UpdateOptions anyPhase() {
        return new UpdateOptions(owner, null);
    }

    public boolean accepts(Phase phase) {
        return expectedPhase == null || expectedPhase == phase;
    }
}
