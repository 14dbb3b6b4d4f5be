package dev.anvil.machined.config;

import java.time.Duration;
import java.util.List;

/**
 * What ApplyConfiguration does with a config document set. Implementations decide by the node's state (in
 * maintenance mode: validate, persist, boot on; configured: the apply modes); a refused apply throws
 * {@link Refused} with the gRPC-worthy reason.
 */
@FunctionalInterface
public interface ConfigApplier {

    /** The API's modes, with its names and numbers (REBOOT is 0, the default of a request that names none). */
    enum Mode { REBOOT, AUTO, NO_REBOOT, STAGED, TRY }

    /**
     * A config to apply, how, for a try how long until the previous config comes back (null: the default), who
     * asks, and whether this call only confirms the config a try applied ({@code config} is that config).
     */
    record Request(String config, Mode mode, boolean dryRun, Duration tryTimeout, Caller caller, boolean confirm) {
        public Request(String config, Mode mode, boolean dryRun, Duration tryTimeout) {
            this(config, mode, dryRun, tryTimeout, Caller.UNKNOWN, false);
        }
    }

    /** Who applies: the subject of the client certificate and the roles the call was authorised with. */
    record Caller(String subject, List<String> roles) {
        public static final Caller UNKNOWN = new Caller("", List.of());

        public Caller {
            roles = List.copyOf(roles);
        }
    }

    /** What happened: the mode actually used, warnings to show, and a sentence on what the node does now. */
    /**
     * What was done, and what is left to do once the reply has left ({@code afterReply}, or null): a change that can
     * cut the client off must not be made before the client has its answer.
     */
    record Outcome(Mode mode, List<String> warnings, String details, Runnable afterReply) {
        public Outcome(Mode mode, List<String> warnings, String details) {
            this(mode, warnings, details, null);
        }
    }

    Outcome apply(Request request) throws Refused;

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
