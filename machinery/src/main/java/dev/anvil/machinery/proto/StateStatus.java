package dev.anvil.machinery.proto;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.BufferOverrunException;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.ConflictException.Reason;
import dev.anvil.cosi.state.InvalidBookmarkException;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.UnsupportedStateOperationException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * State errors as gRPC statuses and back, with the codes of the COSI runtime (specs/cosi.md 2.2): not found is
 * NOT_FOUND; an existing ID ALREADY_EXISTS; a stale version or pending finalizers FAILED_PRECONDITION; a foreign
 * owner PERMISSION_DENIED; an unexpected phase INVALID_ARGUMENT on Update but FAILED_PRECONDITION on the teardowns;
 * an invalid bookmark FAILED_PRECONDITION on Watch.
 *
 * <p>Those codes alone are ambiguous (FAILED_PRECONDITION on Update could be a phase or a version), so our server also
 * sends an {@code anvil-conflict-reason} trailer with every error (the reason, or {@code none}); the client trusts it
 * when present and falls back to the per-call table for other COSI servers.
 */
public final class StateStatus {
    static final Metadata.Key<String> CONFLICT_REASON =
            Metadata.Key.of("anvil-conflict-reason", Metadata.ASCII_STRING_MARSHALLER);
    private static final String NO_CONFLICT = "none";

    private StateStatus() {
    }

    /** The status a server answers a failed call with. */
    public static StatusRuntimeException toStatus(RuntimeException error, StateCall call) {
        Status status = switch (error) {
            case NotFoundException e -> Status.NOT_FOUND;
            case ConflictException e -> switch (e.reason()) {
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case VERSION_MISMATCH, PENDING_FINALIZERS -> Status.FAILED_PRECONDITION;
                case OWNER -> Status.PERMISSION_DENIED;
                case PHASE -> call == StateCall.UPDATE ? Status.INVALID_ARGUMENT : Status.FAILED_PRECONDITION;
            };
            case InvalidBookmarkException e -> Status.FAILED_PRECONDITION;
            case BufferOverrunException e -> Status.ABORTED;
            case UnsupportedStateOperationException e -> Status.UNIMPLEMENTED;
            case IllegalArgumentException e -> Status.INVALID_ARGUMENT;
            // already a status, raised by the server's own checks: as it is
            case StatusRuntimeException e -> e.getStatus();
            default -> Status.INTERNAL;
        };
        if (!(error instanceof StatusRuntimeException)) {
            status = status.withDescription(error.getMessage()).withCause(error);
        }
        Metadata trailers = new Metadata();
        trailers.put(CONFLICT_REASON, error instanceof ConflictException e ? e.reason().name() : NO_CONFLICT);
        return status.asRuntimeException(trailers);
    }

    /**
     * The state error a client raises for a failed call about {@code pointer} (a kind's pointer has an empty ID).
     * Statuses that are no state error (UNAVAILABLE, say) come back as they are.
     */
    public static RuntimeException fromStatus(StatusRuntimeException failure, StateCall call, Pointer pointer) {
        Status status = failure.getStatus();
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        Reason reason = conflictReason(failure, call);
        if (reason != null) {
            return new ConflictException(pointer, reason, withoutPrefix(description, "resource " + pointer + ": "));
        }
        return switch (status.getCode()) {
            case NOT_FOUND -> new NotFoundException(pointer);
            case FAILED_PRECONDITION -> call == StateCall.WATCH
                    ? new InvalidBookmarkException(pointer, withoutPrefix(description,
                            "invalid watch bookmark for " + pointer.type() + "(" + pointer.namespace() + "): "))
                    : failure;
            case UNIMPLEMENTED -> new UnsupportedStateOperationException(pointer, description);
            case INVALID_ARGUMENT -> new IllegalArgumentException(description, failure);
            default -> failure;
        };
    }

    private static Reason conflictReason(StatusRuntimeException failure, StateCall call) {
        Metadata trailers = failure.getTrailers();
        String named = trailers == null ? null : trailers.get(CONFLICT_REASON);
        if (named != null) {
            return named.equals(NO_CONFLICT) ? null : Reason.valueOf(named);
        }
        return switch (failure.getStatus().getCode()) {
            case ALREADY_EXISTS -> Reason.ALREADY_EXISTS;
            // a read has no owner to conflict with: there it is an access refusal (a sensitive type)
            case PERMISSION_DENIED -> call == StateCall.GET || call == StateCall.LIST || call == StateCall.WATCH
                    ? null : Reason.OWNER;
            case INVALID_ARGUMENT -> call == StateCall.UPDATE ? Reason.PHASE : null;
            case FAILED_PRECONDITION -> switch (call) {
                case UPDATE -> Reason.VERSION_MISMATCH;
                case DESTROY -> Reason.PENDING_FINALIZERS;
                case TEARDOWN, TEARDOWN_AND_DESTROY -> Reason.PHASE;
                default -> null;
            };
            default -> null;
        };
    }

    private static String withoutPrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
