package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/**
 * Anvil's record of one ApplyConfiguration call (also refused ones and dry runs) and of each revert the node made
 * by itself: when, who (the caller's certificate subject and roles), how (the mode asked for, dry run or not), what
 * came of it, and which fields the change touched. IDs count up from {@code 000001} in the order of the node's
 * append-only audit file, which holds every entry; the node publishes the latest {@link #KEPT}. Read-only.
 */
public record ApplyAudit(@ProtoField(1) String time, @ProtoField(2) String subject,
        @ProtoField(3) List<String> roles, @ProtoField(4) String mode, @ProtoField(5) boolean dryRun,
        @ProtoField(6) String outcome, @ProtoField(7) String summary) implements Spec {

    public static final String TYPE = "ApplyAudits.runtime.anvil.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withPrintColumn("Time", "{.time}").withPrintColumn("Subject", "{.subject}")
            .withPrintColumn("Mode", "{.mode}").withPrintColumn("Outcome", "{.outcome}");
    /** How many of the latest entries are published as resources. */
    public static final int KEPT = 200;

    public ApplyAudit {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The resource ID of the {@code n}th entry (from 1). */
    public static String id(long n) {
        return String.format("%06d", n);
    }
}
