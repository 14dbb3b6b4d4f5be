package dev.anvil.machined.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.api.machine.ConfigLoadErrorEvent;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.api.machine.MachineStatusEvent;
import dev.anvil.api.machine.PhaseEvent;
import dev.anvil.api.machine.SequenceEvent;
import dev.anvil.api.machine.ServiceStateEvent;
import dev.anvil.api.machine.TaskEvent;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Events RPC over a real event stream. */
class EventsTest {
    private final ServedMachine node = new ServedMachine();

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void stream_startsWithTalosHelloEvent_thenFollowsNewEvents_untilCancelled() throws Exception {
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("old"), "");
        Received<EventsRequest, Event> received = watch(EventsRequest.getDefaultInstance());
        received.awaitCount(1);
        Event hello = received.messages.getFirst();
        assertThat(hello.hasData()).isTrue();
        assertThat(hello.getData().getTypeUrl()).isEmpty();
        assertThat(hello.getId()).isEmpty();

        MachineEvent late = node.events.publish(new MachineEvent.ConfigLoadErrorEvent("new"), "actor-1");
        received.awaitCount(2);
        Event e = received.messages.get(1);
        assertThat(e.getId()).isEqualTo(late.id());
        assertThat(e.getActorId()).isEqualTo("actor-1");
        assertThat(e.getData().getTypeUrl()).isEqualTo("talos/runtime/machine.ConfigLoadErrorEvent");
        assertThat(ConfigLoadErrorEvent.parseFrom(e.getData().getValue()).getError()).isEqualTo("new");

        received.cancel();
        assertThat(received.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
        await().until(() -> node.server.streams() == 0);
    }

    @Test
    void tailEvents_isTheLastN_orAllKept() throws Exception {
        for (int i = 0; i < 5; i++) {
            node.events.publish(new MachineEvent.ConfigLoadErrorEvent("e" + i), "");
        }
        assertThat(errors(watch(EventsRequest.newBuilder().setTailEvents(2).build()).awaitCount(3)))
                .containsExactly("e3", "e4");
        assertThat(errors(watch(EventsRequest.newBuilder().setTailEvents(-1).build()).awaitCount(6)))
                .containsExactly("e0", "e1", "e2", "e3", "e4");
    }

    @Test
    void tailId_isTheEventsAfterIt() throws Exception {
        MachineEvent first = node.events.publish(new MachineEvent.ConfigLoadErrorEvent("a"), "");
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("b"), "");
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("c"), "");
        assertThat(errors(watch(EventsRequest.newBuilder().setTailId(first.id()).build()).awaitCount(3)))
                .containsExactly("b", "c");
    }

    @Test
    void tailSeconds_isTheRecentEvents() throws Exception {
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("recent"), "");
        assertThat(errors(watch(EventsRequest.newBuilder().setTailSeconds(60).build()).awaitCount(2)))
                .containsExactly("recent");
    }

    @Test
    void withActorId_keepsOnlyThatActorsEvents() throws Exception {
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("mine"), "me");
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("theirs"), "them");
        Received<EventsRequest, Event> received =
                watch(EventsRequest.newBuilder().setTailEvents(-1).setWithActorId("me").build()).awaitCount(2);
        assertThat(received.messages.getFirst().getActorId()).as("the hello event").isEqualTo("me");
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("theirs again"), "them");
        node.events.publish(new MachineEvent.ConfigLoadErrorEvent("mine again"), "me");
        received.awaitCount(3);
        assertThat(errors(received)).containsExactly("mine", "mine again");
    }

    @Test
    void everyPayload_isPackedUnderTalosTypeUrl() throws Exception {
        node.events.publish(new MachineEvent.SequenceEvent("boot", MachineEvent.Action.STOP, "it broke"), "");
        node.events.publish(new MachineEvent.PhaseEvent("config", MachineEvent.Action.START), "");
        node.events.publish(new MachineEvent.TaskEvent("loadConfig", MachineEvent.Action.STOP, ""), "");
        node.events.publish(new MachineEvent.MachineStatusEvent("maintenance", false, List.of("config")), "");
        node.run("svc", "exec sleep 30");
        await().until(() -> node.supervisor.status("svc").state() == ServiceState.RUNNING);
        ServiceStatus running = node.supervisor.status("svc");
        node.events.publish(new MachineEvent.ServiceStateEvent("svc", running.state().name(), running.message(),
                running.healthy()), "");

        List<Event> got = watch(EventsRequest.newBuilder().setTailEvents(-1).build()).awaitCount(6).messages;
        assertThat(got.subList(1, 6)).extracting(e -> e.getData().getTypeUrl()).containsExactly(
                "talos/runtime/machine.SequenceEvent", "talos/runtime/machine.PhaseEvent",
                "talos/runtime/machine.TaskEvent", "talos/runtime/machine.MachineStatusEvent",
                "talos/runtime/machine.ServiceStateEvent");
        SequenceEvent sequence = SequenceEvent.parseFrom(got.get(1).getData().getValue());
        assertThat(sequence.getAction()).isEqualTo(SequenceEvent.Action.STOP);
        assertThat(sequence.getError().getMessage()).isEqualTo("it broke");
        assertThat(PhaseEvent.parseFrom(got.get(2).getData().getValue()).getPhase()).isEqualTo("config");
        assertThat(TaskEvent.parseFrom(got.get(3).getData().getValue()).getAction()).isEqualTo(TaskEvent.Action.STOP);
        MachineStatusEvent status = MachineStatusEvent.parseFrom(got.get(4).getData().getValue());
        assertThat(status.getStage()).isEqualTo(MachineStatusEvent.MachineStage.MAINTENANCE);
        assertThat(status.getStatus().getUnmetConditions(0).getName()).isEqualTo("config");
        ServiceStateEvent service = ServiceStateEvent.parseFrom(got.get(5).getData().getValue());
        assertThat(service.getService()).isEqualTo("svc");
        assertThat(service.getAction()).isEqualTo(ServiceStateEvent.Action.RUNNING);
        assertThat(service.getHealth().getUnknown()).isTrue();
    }

    @Test
    void slowClient_thatFallsBehindTheKeptEvents_isToldHowManyItMissed() throws Exception {
        Received<EventsRequest, Event> received = new Received<>(1);
        node.async().events(EventsRequest.getDefaultInstance(), received);
        received.awaitCount(1);
        int published = 20_000;
        for (int i = 0; i < published; i++) {
            node.events.publish(new MachineEvent.ConfigLoadErrorEvent("event " + i), "");
        }
        received.request(Integer.MAX_VALUE);
        Status end = received.awaitEnd();
        assertThat(end.getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(end.getDescription()).matches("the stream fell behind: \\d+ events were dropped before they could "
                + "be sent");
        assertThat(received.messages.size()).as("flow control held the sender back").isLessThan(published);
    }

    @Test
    void conflictingTails_orABadTailId_areInvalidArguments() throws Exception {
        assertThat(watch(EventsRequest.newBuilder().setTailEvents(1).setTailSeconds(5).build()).awaitEnd().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        Status bad = watch(EventsRequest.newBuilder().setTailId("cq8t1qj5vbmc73f1qhd0").build()).awaitEnd();
        assertThat(bad.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(bad.getDescription()).contains("not an event ID");
    }

    private Received<EventsRequest, Event> watch(EventsRequest request) {
        Received<EventsRequest, Event> received = new Received<>();
        node.async().events(request, received);
        return received;
    }

    /** The errors of the ConfigLoadErrorEvents received after the hello event. */
    private static List<String> errors(Received<EventsRequest, Event> received) {
        return received.messages.stream().skip(1).map(e -> {
            try {
                return ConfigLoadErrorEvent.parseFrom(e.getData().getValue()).getError();
            } catch (InvalidProtocolBufferException x) {
                throw new AssertionError(x);
            }
        }).toList();
    }
}
