package dev.anvil.ctl.api;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerStreamTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void completedStream_handsOverEveryMessage() {
        List<String> got = new ArrayList<>();
        ServerStream.forEach(List.of("a", "b").iterator(), got::add);
        assertThat(got).containsExactly("a", "b");
    }

    @Test
    void serversError_isThrown_afterTheMessagesBeforeIt() {
        List<String> got = new ArrayList<>();
        assertThatThrownBy(() -> ServerStream.forEach(failing("a", false), got::add))
                .hasMessageContaining("NOT_FOUND");
        assertThat(got).containsExactly("a");
    }

    /** What gRPC's blocking iterator does when its thread is interrupted: cancel, flag set, CANCELLED thrown. */
    @Test
    void interruptedReader_endsQuietly_keepingTheFlag() {
        List<String> got = new ArrayList<>();
        ServerStream.forEach(failing("a", true), got::add);
        assertThat(got).containsExactly("a");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    /** Gives {@code first}, then fails: CANCELLED after interrupting the reader, or NOT_FOUND. */
    private static Iterator<String> failing(String first, boolean interrupted) {
        return new Iterator<>() {
            private boolean given;

            @Override
            public boolean hasNext() {
                if (!given) {
                    return true;
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw Status.CANCELLED.withDescription("Thread interrupted").asRuntimeException();
                }
                throw Status.NOT_FOUND.withDescription("service \"x\" not found").asRuntimeException();
            }

            @Override
            public String next() {
                given = true;
                return first;
            }
        };
    }
}
