package dev.anvil.ctl;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.anvil.api.common.Error;
import dev.anvil.api.machine.AddressEvent;
import dev.anvil.api.machine.ConfigLoadErrorEvent;
import dev.anvil.api.machine.MachineStatusEvent;
import dev.anvil.api.machine.MachineStatusEvent.MachineStatus;
import dev.anvil.api.machine.PhaseEvent;
import dev.anvil.api.machine.SequenceEvent;
import dev.anvil.api.machine.ServiceStateEvent;
import dev.anvil.api.machine.TaskEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventsCommandTest {

    @Test
    void eachKnownEvent_hasTalosctlsSourceAndMessage() throws Exception {
        assertThat(columns(SequenceEvent.newBuilder().setSequence("boot").setAction(SequenceEvent.Action.START)))
                .containsExactly("boot", "START");
        assertThat(columns(SequenceEvent.newBuilder().setSequence("boot")
                .setError(Error.newBuilder().setMessage("disk gone"))))
                .containsExactly("boot", "error: disk gone");
        assertThat(columns(PhaseEvent.newBuilder().setPhase("network").setAction(PhaseEvent.Action.STOP)))
                .containsExactly("network", "STOP");
        assertThat(columns(TaskEvent.newBuilder().setTask("mountState").setAction(TaskEvent.Action.START)))
                .containsExactly("mountState", "START");
        assertThat(columns(ServiceStateEvent.newBuilder().setService("etcd")
                .setAction(ServiceStateEvent.Action.RUNNING).setMessage("Health check successful")))
                .containsExactly("etcd", "RUNNING: Health check successful");
        assertThat(columns(ConfigLoadErrorEvent.newBuilder().setError("bad yaml")))
                .containsExactly("error", "bad yaml");
        assertThat(columns(AddressEvent.newBuilder().setHostname("cp-1").addAddresses("10.5.0.2")
                .addAddresses("fd00::2")))
                .containsExactly("cp-1", "ADDRESSES: 10.5.0.2,fd00::2");
        assertThat(columns(MachineStatusEvent.newBuilder().setStage(MachineStatusEvent.MachineStage.BOOTING)
                .setStatus(MachineStatus.newBuilder().setReady(false)
                        .addUnmetConditions(MachineStatus.UnmetCondition.newBuilder().setName("time"))
                        .addUnmetConditions(MachineStatus.UnmetCondition.newBuilder().setName("nodename")))))
                .containsExactly("BOOTING", "ready: false, unmet conditions: [time nodename]");
        assertThat(columns(MachineStatusEvent.newBuilder().setStage(MachineStatusEvent.MachineStage.RUNNING)
                .setStatus(MachineStatus.newBuilder().setReady(true))))
                .containsExactly("RUNNING", "ready: true, unmet conditions: []");
    }

    @Test
    void streamHello_andUnknownOrForeignTypes_areSkipped() throws Exception {
        assertThat(EventsCommand.sourceAndMessage(Any.getDefaultInstance())).isNull();
        assertThat(EventsCommand.sourceAndMessage(Any.newBuilder().setTypeUrl("talos/runtime/machine.NewEvent")
                .build())).isNull();
        // talosctl matches Talos's prefix only, not protobuf's usual one
        assertThat(EventsCommand.sourceAndMessage(Any.pack(PhaseEvent.getDefaultInstance()))).isNull();
    }

    @Test
    void payloadThatDoesNotParse_isAnError() {
        Any broken = Any.newBuilder().setTypeUrl("talos/runtime/machine.PhaseEvent")
                .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff})).build();
        assertThatThrownBy(() -> EventsCommand.sourceAndMessage(broken))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void firstEvent_linesUpWithTheHeader_nodeWithActor_idWithSource() {
        List<String> lines = EventsCommand.lines(true,
                List.of("10.5.0.2", "d1a2b3", "talos/runtime/machine.PhaseEvent"),
                List.of("", "network", "START"));
        assertThat(lines).containsExactly(
                "NODE       ID        EVENT   ACTOR   SOURCE   MESSAGE",
                "10.5.0.2   d1a2b3    talos/runtime/machine.PhaseEvent",
                "           network   START");
    }

    @Test
    void laterEvents_lineUpOnlyWithThemselves() {
        List<String> lines = EventsCommand.lines(false,
                List.of("n", "id1", "talos/runtime/machine.TaskEvent"),
                List.of("actor-7", "x", "STOP"));
        assertThat(lines).containsExactly(
                "n         id1   talos/runtime/machine.TaskEvent",
                "actor-7   x     STOP");
    }

    private static List<String> columns(Message.Builder payload) throws InvalidProtocolBufferException {
        Message message = payload.build();
        return EventsCommand.sourceAndMessage(Any.newBuilder()
                .setTypeUrl("talos/runtime/" + message.getDescriptorForType().getFullName())
                .setValue(message.toByteString()).build());
    }
}
