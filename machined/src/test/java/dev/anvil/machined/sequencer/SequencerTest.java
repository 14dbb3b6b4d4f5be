package dev.anvil.machined.sequencer;

import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.machined.events.MachineEvent.Action;
import dev.anvil.machined.events.MachineEvent.PhaseEvent;
import dev.anvil.machined.events.MachineEvent.SequenceEvent;
import dev.anvil.machined.events.MachineEvent.TaskEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequencerTest {
    private final EventStream events = new EventStream(1000);
    private final Sequencer sequencer = new Sequencer(events);

    @Test
    void phasesRunInOrder_tasksOfAPhaseInParallel_eachAnEvent() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Task a = new Task("a", () -> {
            both.countDown();
            both.await(5, TimeUnit.SECONDS);
        });
        Task b = new Task("b", () -> {
            both.countDown();
            both.await(5, TimeUnit.SECONDS);
        });
        sequencer.run(Sequence.BOOT, List.of(Phase.of("together", a, b), Phase.of("after", new Task("c", () -> {
        }))), "actor-1");

        List<MachineEvent> all = events.read(0, Duration.ZERO).items();
        assertThat(all).allSatisfy(e -> assertThat(e.actorId()).isEqualTo("actor-1"));
        List<MachineEvent.Payload> payloads = all.stream().map(MachineEvent::payload).toList();
        assertThat(payloads.getFirst()).isEqualTo(new SequenceEvent("boot", Action.START, ""));
        assertThat(payloads.getLast()).isEqualTo(new SequenceEvent("boot", Action.STOP, ""));
        assertThat(payloads).containsSubsequence(new PhaseEvent("together", Action.START),
                new PhaseEvent("together", Action.STOP), new PhaseEvent("after", Action.START),
                new TaskEvent("c", Action.START, ""), new TaskEvent("c", Action.STOP, ""),
                new PhaseEvent("after", Action.STOP));
        assertThat(all).extracting(MachineEvent::id).isSorted();
    }

    @Test
    void failingTask_failsItsPhase_andTheSequenceStopsThere() {
        List<Phase> phases = List.of(
                Phase.of("config", new Task("load", () -> {
                    throw new IllegalStateException("config is corrupt");
                }), new Task("other", () -> { })),
                Phase.of("never", new Task("unreached", () -> { })));
        assertThatThrownBy(() -> sequencer.run(Sequence.INITIALIZE, phases, ""))
                .isInstanceOf(Sequencer.PhaseFailedException.class)
                .hasMessage("phase config failed: config is corrupt");
        List<MachineEvent.Payload> payloads = payloads();
        assertThat(payloads).contains(new TaskEvent("load", Action.STOP, "config is corrupt"),
                new TaskEvent("other", Action.STOP, ""));
        assertThat(payloads).noneMatch(p -> p.equals(new PhaseEvent("never", Action.START)));
        assertThat(payloads.getLast()).isEqualTo(
                new SequenceEvent("initialize", Action.STOP, "phase config failed: config is corrupt"));
        assertThat(sequencer.running()).isNull();
    }

    @Test
    void secondSequence_isLocked_unlessItMayTakeOver() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> boot = CompletableFuture.supplyAsync(() -> {
            try {
                sequencer.run(Sequence.BOOT, List.of(Phase.of("wait", new Task("forever", () -> {
                    started.countDown();
                    Thread.sleep(60_000);
                }))), "");
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> sequencer.run(Sequence.SHUTDOWN, List.of(), ""))
                .isInstanceOf(SequenceLockedException.class)
                .hasMessage("sequence shutdown cannot run: boot is in progress");

        sequencer.run(Sequence.REBOOT, List.of(Phase.of("reboot", new Task("reboot", () -> { }))), "");
        assertThat(boot.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(payloads()).contains(new SequenceEvent("reboot", Action.STOP, ""));
    }

    private List<MachineEvent.Payload> payloads() {
        try {
            return events.read(0, Duration.ZERO).items().stream().map(MachineEvent::payload).toList();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
