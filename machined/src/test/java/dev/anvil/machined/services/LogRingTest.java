package dev.anvil.machined.services;

import dev.anvil.machined.events.BoundedHistory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LogRingTest {

    @Test
    void linesAreStoredWhenComplete_andTheOldestGoFirst() {
        LogRing ring = new LogRing(20);
        append(ring, "first\nsec");
        assertThat(ring.tail(-1)).containsExactly("first");
        append(ring, "ond\nthird line\n");
        assertThat(ring.tail(-1)).containsExactly("second", "third line");
        assertThat(ring.tail(1)).containsExactly("third line");
    }

    @Test
    void follower_learnsHowManyLinesItMissed() throws Exception {
        LogRing ring = new LogRing(12);
        long position = ring.position(0);
        for (int i = 0; i < 10; i++) {
            ring.appendLine("line" + i);
        }
        BoundedHistory.Chunk<String> chunk = ring.read(position, Duration.ofMillis(10));
        assertThat(chunk.missed()).isEqualTo(8);
        assertThat(chunk.items()).containsExactly("line8", "line9");
        BoundedHistory.Chunk<String> none = ring.read(chunk.next(), Duration.ofMillis(10));
        assertThat(none.items()).isEmpty();
        assertThat(none.missed()).isZero();
    }

    @Test
    void follower_wakesForNewLines() throws Exception {
        LogRing ring = new LogRing(1024);
        long start = ring.position(0);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            ring.appendLine("late");
        });
        assertThat(ring.read(start, Duration.ofSeconds(5)).items()).containsExactly("late");
    }

    private static void append(LogRing ring, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ring.append(bytes, bytes.length);
    }
}
