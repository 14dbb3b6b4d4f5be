package dev.anvil.machined.config;

import java.util.List;

/**
 * What ApplyConfiguration does with a config document set. Implementations decide by the node's state (in
 * maintenance mode: validate, persist, boot on); a refused apply throws {@link Refused} with the gRPC-worthy reason.
 */
@FunctionalInterface
public interface ConfigApplier {

    /** What happened: warnings to show, and a sentence on what the node does now. */
    record Outcome(List<String> warnings, String details) {
    }

    Outcome apply(String config, boolean dryRun) throws Refused;

    /** The config was not applied; {@code invalid} tells a bad config from a node that cannot take one now. */
    final class Refused extends Exception {
        private final boolean invalid;

        public Refused(String message, boolean invalid) {
            super(message);
            this.invalid = invalid;
        }

        public boolean invalid() {
            return invalid;
        }
    }
}
