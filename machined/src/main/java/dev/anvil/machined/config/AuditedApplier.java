package dev.anvil.machined.config;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.resources.runtime.ApplyAudit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records every apply in the {@link AuditLog}, whatever came of it (applied, refused, dry run, confirmed): when,
 * who, how, the outcome and a summary of the changed fields. The entry is written once the apply has decided, so
 * it states what happened, not what was asked.
 */
public final class AuditedApplier implements ConfigApplier {
    private final ConfigApplier applier;
    private final AuditLog audit;
    private final Supplier<ConfigPublisher.Active> active;
    private final Clock clock;

    /** @param active the node's active config (null in maintenance mode), read before the apply */
    public AuditedApplier(ConfigApplier applier, AuditLog audit, Supplier<ConfigPublisher.Active> active,
            Clock clock) {
        this.applier = applier;
        this.audit = audit;
        this.active = active;
        this.clock = clock;
    }

    @Override
    public Outcome apply(Request request) throws Refused {
        String summary = summary(active.get(), request);
        Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String mode = ModeApplier.name(request.mode()) + (request.confirm() ? " (confirm)" : "");
        try {
            Outcome outcome = applier.apply(request);
            String done = request.dryRun() ? "dry run: would apply as " + ModeApplier.name(outcome.mode())
                    : request.confirm() ? "confirmed" : "applied as " + ModeApplier.name(outcome.mode());
            audit.record(entry(time, request, mode, done, summary));
            return outcome;
        } catch (Refused refused) {
            audit.record(entry(time, request, mode, "refused: " + refused.getMessage().lines().findFirst()
                    .orElse(""), summary));
            throw refused;
        }
    }

    private static ApplyAudit entry(Instant time, Request request, String mode, String outcome, String summary) {
        return new ApplyAudit(time.toString(), request.caller().subject(), request.caller().roles(), mode,
                request.dryRun(), outcome, summary);
    }

    /** The fields the config changes against the active one; before there is one, that it is the first. */
    static String summary(ConfigPublisher.Active current, Request request) {
        if (request.confirm()) {
            return "confirms the config applied in try mode";
        }
        if (current == null) {
            return "first config (maintenance mode)";
        }
        LoadResult next = ConfigLoader.load(request.config(), false);
        if (!next.ok()) {
            return "the config does not load";
        }
        return ChangePlan.between(current.parsed(), next.config()).summary();
    }

    /** An entry for a revert the node made by itself. */
    public static ApplyAudit revert(Instant time, String why) {
        return new ApplyAudit(time.truncatedTo(ChronoUnit.MILLIS).toString(), "machined", List.of(), "revert",
                false, "reverted: " + why, "the config before the apply is active again");
    }
}
