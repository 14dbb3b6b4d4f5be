package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.WatchCondition;
import dev.anvil.cosi.state.WatchKindOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The helpers that wait on watches: watchFor, teardownSignal and teardownAndDestroy (specs/cosi.md 6.1). */
public abstract class WaitSuite extends StateFixture {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void watchFor_created_returnsTheCreatedResource() throws Exception {
        Pointer p = path("var/run");
        CompletableFuture<Resource<?>> found = CompletableFuture.supplyAsync(() -> watchFor(p,
                WatchCondition.eventTypes(EventType.CREATED)));
        Thread.sleep(50);
        Resource<?> created = create("var/run");
        assertThat(found.get(5, TimeUnit.SECONDS).metadata().toString()).isEqualTo(created.metadata().toString());
    }

    @Test
    void watchFor_finalizersEmpty_returnsAtOnceForAResourceWithout() throws Exception {
        create("var/run");
        assertThat(state.watchFor(path("var/run"), WAIT, WatchCondition.finalizersEmpty()).id()).isEqualTo("var/run");
    }

    @Test
    void watchFor_finalizersEmpty_neverMatchesAbsence() {
        assertThatThrownBy(() -> state.watchFor(path("absent"), Duration.ofMillis(100),
                WatchCondition.finalizersEmpty())).isInstanceOf(TimeoutException.class);
    }

    @Test
    void watchFor_phase_andDestroyed() throws Exception {
        Pointer p = path("var/run");
        create("var/run");
        CompletableFuture<Resource<?>> tearing = CompletableFuture.supplyAsync(() -> watchFor(p,
                WatchCondition.phases(Phase.TEARING_DOWN)));
        assertThat(state.teardown(p)).isTrue();
        assertThat(tearing.get(5, TimeUnit.SECONDS).metadata().phase()).isEqualTo(Phase.TEARING_DOWN);

        CompletableFuture<Resource<?>> destroyed = CompletableFuture.supplyAsync(() -> watchFor(p,
                WatchCondition.eventTypes(EventType.DESTROYED)));
        state.addFinalizer(p, "A");
        state.removeFinalizer(p, "A");
        state.destroy(p);
        assertThat(destroyed.get(5, TimeUnit.SECONDS).id()).isEqualTo("var/run");
    }

    @Test
    void teardownSignal_firesOnAbsenceDestroyAndTeardown() throws Exception {
        state.teardownSignal(path("absent")).get(1, TimeUnit.SECONDS);

        create("r1");
        create("r2");
        CompletableFuture<Void> s1 = state.teardownSignal(path("r1"));
        CompletableFuture<Void> s2 = state.teardownSignal(path("r2"));
        Thread.sleep(100);
        assertThat(s1).isNotDone();
        assertThat(s2).isNotDone();

        state.destroy(path("r1"));
        s1.get(1, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertThat(s2).isNotDone();

        state.teardown(path("r2"));
        s2.get(1, TimeUnit.SECONDS);
    }

    @Test
    void teardownSignal_cancelled_stopsWatching() {
        create("r");
        CompletableFuture<Void> signal = state.teardownSignal(path("r"));
        signal.cancel(true);
        assertThat(signal).isCancelled();
    }

    @Test
    void teardownAndDestroy_waitsForFinalizersToGo() throws Exception {
        Pointer p = path("r");
        create("r");
        state.addFinalizer(p, "A");
        Thread releaser = Thread.ofVirtual().start(() -> {
            try (EventReader w = new EventReader(state.watchKind(paths(), WatchKindOptions.bootstrap()))) {
                while (true) {
                    Event e = w.next();
                    if (e.resource() != null && e.resource().id().equals("r")
                            && e.resource().metadata().phase() == Phase.TEARING_DOWN
                            && e.resource().metadata().hasFinalizer("A")) {
                        state.removeFinalizer(p, "A");
                        return;
                    }
                }
            }
        });
        state.teardownAndDestroy(p, "");
        releaser.join(WAIT);
        assertThatThrownBy(() -> state.get(p)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void teardownAndDestroy_destroyedByAnother_isDone() throws Exception {
        Pointer p = path("r");
        create("r");
        state.addFinalizer(p, "A");
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                state.teardownAndDestroy(p, "");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        state.watchFor(p, WAIT, WatchCondition.phases(Phase.TEARING_DOWN));
        state.removeFinalizer(p, "A");
        try {
            state.destroy(p);
        } catch (NotFoundException alreadyGone) {
            // the helper got there first, which is fine too
        }
        call.get(5, TimeUnit.SECONDS);
    }

    private Resource<?> watchFor(Pointer p, WatchCondition... conditions) {
        try {
            return state.watchFor(p, WAIT, conditions);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
