package dev.anvil.machinery.proto;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.ConflictException.Reason;
import dev.anvil.cosi.state.InvalidBookmarkException;
import dev.anvil.cosi.state.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class StateStatusTest {
    private static final Pointer P = new Pointer("default", "os/path", "var/run");

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyConflictReason_survivesTheWire(Reason reason) {
        for (StateCall call : StateCall.values()) {
            RuntimeException back = StateStatus.fromStatus(
                    StateStatus.toStatus(new ConflictException(P, reason, "detail"), call), call, P);
            assertThat(back).isInstanceOfSatisfying(ConflictException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.pointer()).isEqualTo(P);
                assertThat(e.getMessage()).isEqualTo("resource " + P + ": detail");
            });
        }
    }

    @Test
    void conflictCodes_areTheCosiRuntimes() {
        assertThat(code(Reason.ALREADY_EXISTS, StateCall.CREATE)).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(code(Reason.VERSION_MISMATCH, StateCall.UPDATE)).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(code(Reason.PENDING_FINALIZERS, StateCall.DESTROY)).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(code(Reason.OWNER, StateCall.DESTROY)).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(Reason.PHASE, StateCall.UPDATE)).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(Reason.PHASE, StateCall.TEARDOWN)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void withoutOurTrailer_theCodeAndCallDecide() {
        assertThat(foreign(Status.FAILED_PRECONDITION, StateCall.UPDATE)).isEqualTo(Reason.VERSION_MISMATCH);
        assertThat(foreign(Status.FAILED_PRECONDITION, StateCall.DESTROY)).isEqualTo(Reason.PENDING_FINALIZERS);
        assertThat(foreign(Status.FAILED_PRECONDITION, StateCall.TEARDOWN)).isEqualTo(Reason.PHASE);
        assertThat(foreign(Status.INVALID_ARGUMENT, StateCall.UPDATE)).isEqualTo(Reason.PHASE);
        assertThat(foreign(Status.ALREADY_EXISTS, StateCall.CREATE)).isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(foreign(Status.PERMISSION_DENIED, StateCall.UPDATE)).isEqualTo(Reason.OWNER);
        assertThat(foreign(Status.PERMISSION_DENIED, StateCall.GET)).as("a refused read").isNull();
        assertThat(StateStatus.fromStatus(Status.FAILED_PRECONDITION.asRuntimeException(), StateCall.WATCH, P))
                .isInstanceOf(InvalidBookmarkException.class);
    }

    @Test
    void otherErrors() {
        assertThat(StateStatus.fromStatus(StateStatus.toStatus(new NotFoundException(P), StateCall.GET),
                StateCall.GET, P)).isInstanceOf(NotFoundException.class);
        StatusRuntimeException invalid = StateStatus.toStatus(new IllegalArgumentException("bad"), StateCall.UPDATE);
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StateStatus.fromStatus(invalid, StateCall.UPDATE, P))
                .as("our server's trailer says it is no phase conflict")
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        StatusRuntimeException unimplemented = StateStatus.toStatus(
                Status.UNIMPLEMENTED.withDescription("no label queries here").asRuntimeException(), StateCall.WATCH);
        assertThat(unimplemented.getStatus().getDescription()).isEqualTo("no label queries here");
        StatusRuntimeException unavailable = Status.UNAVAILABLE.asRuntimeException();
        assertThat(StateStatus.fromStatus(unavailable, StateCall.GET, P)).isSameAs(unavailable);
    }

    private static Status.Code code(Reason reason, StateCall call) {
        return StateStatus.toStatus(new ConflictException(P, reason, "x"), call).getStatus().getCode();
    }

    private static Reason foreign(Status status, StateCall call) {
        RuntimeException e = StateStatus.fromStatus(status.withDescription("x").asRuntimeException(), call, P);
        return e instanceof ConflictException c ? c.reason() : null;
    }
}
