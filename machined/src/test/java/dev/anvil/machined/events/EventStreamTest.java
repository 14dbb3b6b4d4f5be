package dev.anvil.machined.events;

import dev.anvil.machined.events.MachineEvent.ConfigLoadErrorEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStreamTest {

    @Test
    void tailAndAfter_startWhereTheEventsApiSays() throws Exception {
        EventStream stream = new EventStream(3);
        MachineEvent first = stream.publish(new ConfigLoadErrorEvent("one"), "");
        MachineEvent second = stream.publish(new ConfigLoadErrorEvent("two"), "");
        stream.publish(new ConfigLoadErrorEvent("three"), "");
        assertThat(first.id()).isLessThan(second.id());

        assertThat(stream.read(stream.tail(2), Duration.ZERO).items()).extracting(MachineEvent::payload)
                .containsExactly(new ConfigLoadErrorEvent("two"), new ConfigLoadErrorEvent("three"));
        assertThat(stream.read(stream.after(first.id()), Duration.ZERO).items()).hasSize(2);

        stream.publish(new ConfigLoadErrorEvent("four"), "");
        BoundedHistory.Chunk<MachineEvent> fromStart = stream.read(0, Duration.ZERO);
        assertThat(fromStart.missed()).isEqualTo(1);
        assertThat(fromStart.items()).hasSize(3);
        assertThat(stream.read(stream.after(first.id()), Duration.ZERO).items()).hasSize(3);
        assertThatThrownBy(() -> stream.after("x")).hasMessageContaining("not an event ID");
    }

    @Test
    void reader_waitsForTheNextEvent() throws Exception {
        EventStream stream = new EventStream(10);
        long end = stream.end();
        Thread.ofVirtual().start(() -> stream.publish(new ConfigLoadErrorEvent("late"), "a"));
        assertThat(stream.read(end, Duration.ofSeconds(5)).items()).extracting(MachineEvent::actorId)
                .containsExactly("a");
        assertThat(stream.read(stream.end(), Duration.ofMillis(20)).items()).isEmpty();
    }
}
