package dev.anvil.machined.server;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.anvil.api.common.Code;
import dev.anvil.api.common.Error;
import dev.anvil.api.machine.ConfigLoadErrorEvent;
import dev.anvil.api.machine.ConfigValidationErrorEvent;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.MachineStatusEvent;
import dev.anvil.api.machine.PhaseEvent;
import dev.anvil.api.machine.SequenceEvent;
import dev.anvil.api.machine.ServiceHealth;
import dev.anvil.api.machine.ServiceStateEvent;
import dev.anvil.api.machine.TaskEvent;
import dev.anvil.machined.events.MachineEvent;

import java.util.Locale;

/**
 * The node's events as the Events RPC sends them: the payload packed in an Any whose type URL is
 * {@code talos/runtime/} and the message's full name, as Talos's machined writes it (talosctl's client matches
 * exactly that prefix, not protobuf's usual {@code type.googleapis.com/}).
 */
final class MachineEvents {
    static final String TYPE_URL_PREFIX = "talos/runtime/";

    private MachineEvents() {
    }

    static Event toProto(MachineEvent event) {
        Message payload = payload(event.payload());
        return Event.newBuilder()
                .setData(Any.newBuilder().setTypeUrl(TYPE_URL_PREFIX + payload.getDescriptorForType().getFullName())
                        .setValue(payload.toByteString()))
                .setId(event.id())
                .setActorId(event.actorId())
                .build();
    }

    /**
     * The first message of every Events stream: Talos sends one with an empty Any so that a client knows the
     * stream is set up (talosctl waits for it and drops it). It has no ID: it is not one of the node's events.
     */
    static Event hello(String actorId) {
        return Event.newBuilder().setData(Any.getDefaultInstance()).setActorId(actorId).build();
    }

    private static Message payload(MachineEvent.Payload payload) {
        return switch (payload) {
            case MachineEvent.SequenceEvent e -> {
                var b = SequenceEvent.newBuilder().setSequence(e.sequence()).setAction(switch (e.action()) {
                    case START -> SequenceEvent.Action.START;
                    case STOP -> SequenceEvent.Action.STOP;
                    case NOOP -> SequenceEvent.Action.NOOP;
                });
                if (e.error() != null && !e.error().isEmpty()) {
                    b.setError(Error.newBuilder().setCode(Code.FATAL).setMessage(e.error()));
                }
                yield b.build();
            }
            // Talos's phase and task events have no NOOP and no error field: a failed task shows in its sequence
            case MachineEvent.PhaseEvent e -> PhaseEvent.newBuilder().setPhase(e.phase())
                    .setAction(e.action() == MachineEvent.Action.STOP ? PhaseEvent.Action.STOP : PhaseEvent.Action.START)
                    .build();
            case MachineEvent.TaskEvent e -> TaskEvent.newBuilder().setTask(e.task())
                    .setAction(e.action() == MachineEvent.Action.STOP ? TaskEvent.Action.STOP : TaskEvent.Action.START)
                    .build();
            case MachineEvent.ServiceStateEvent e -> ServiceStateEvent.newBuilder()
                    .setService(e.service())
                    .setAction(serviceAction(e.state()))
                    .setMessage(e.message() == null ? "" : e.message())
                    .setHealth(ServiceHealth.newBuilder().setUnknown(e.healthy() == null)
                            .setHealthy(Boolean.TRUE.equals(e.healthy())))
                    .build();
            case MachineEvent.ConfigLoadErrorEvent e -> ConfigLoadErrorEvent.newBuilder().setError(e.error()).build();
            case MachineEvent.ConfigValidationErrorEvent e -> ConfigValidationErrorEvent.newBuilder()
                    .setError(e.error()).build();
            case MachineEvent.MachineStatusEvent e -> {
                var status = MachineStatusEvent.MachineStatus.newBuilder().setReady(e.ready());
                for (String unmet : e.unmetConditions()) {
                    status.addUnmetConditions(MachineStatusEvent.MachineStatus.UnmetCondition.newBuilder()
                            .setName(unmet));
                }
                yield MachineStatusEvent.newBuilder().setStage(stage(e.stage())).setStatus(status).build();
            }
        };
    }

    /** Our service states are a subset of Talos's, by name in any case ("RUNNING", "Running"). */
    private static ServiceStateEvent.Action serviceAction(String state) {
        return ServiceStateEvent.Action.valueOf(state.toUpperCase(Locale.ROOT));
    }

    private static MachineStatusEvent.MachineStage stage(String stage) {
        try {
            return MachineStatusEvent.MachineStage.valueOf(stage.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MachineStatusEvent.MachineStage.UNKNOWN;
        }
    }
}
