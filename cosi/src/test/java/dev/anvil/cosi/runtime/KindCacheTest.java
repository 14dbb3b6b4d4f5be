package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read cache checks of cosi.md 6.4 (#103), teardown signals included. */
@Timeout(30)
class KindCacheTest {
    private record Val(int value) implements Spec {
    }

    private static final Kind KIND = new Kind("ns", "T");
    private final KindCache cache = new KindCache(KIND);

    private static Resource<Val> res(String id, int value) {
        return Resource.of(KIND.pointer(id), new Val(value));
    }

    private static Resource<Val> tearingDown(Resource<Val> r) {
        return r.withMetadata(r.metadata().withPhase(Phase.TEARING_DOWN));
    }

    @Test
    void reads_blockUntilBootstrapped() throws Exception {
        cache.put(res("a", 1));
        CompletableFuture<Integer> listed = CompletableFuture.supplyAsync(() -> cache.list(ListOptions.ALL).size(),
                runnable -> Thread.ofVirtual().start(runnable));
        Thread.sleep(100);
        assertThat(listed).as("waiting for the bootstrap").isNotDone();
        cache.put(res("b", 2));
        cache.markBootstrapped();
        assertThat(listed.get()).isEqualTo(2);
    }

    @Test
    void getAndList_seePutsAndRemoves_sortedById() {
        cache.put(res("b", 2));
        cache.put(res("a", 1));
        cache.markBootstrapped();
        assertThat(cache.list(ListOptions.ALL)).extracting(Resource::id).containsExactly("a", "b");
        cache.put(res("a", 10));
        assertThat(cache.get(KIND.pointer("a")).spec()).isEqualTo(new Val(10));
        cache.remove("a");
        assertThatThrownBy(() -> cache.get(KIND.pointer("a"))).isInstanceOf(NotFoundException.class);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void list_appliesLabelAndIdQueries() {
        cache.put(res("a1", 1).withMetadata(res("a1", 1).metadata().withLabel("app", "x")));
        cache.put(res("a2", 2));
        cache.put(res("b1", 3).withMetadata(res("b1", 3).metadata().withLabel("app", "x")));
        cache.markBootstrapped();
        ListOptions labelled = ListOptions.ALL.orLabels(LabelQuery.of(LabelTerm.equal("app", "x")));
        assertThat(cache.list(labelled)).extracting(Resource::id).containsExactly("a1", "b1");
        assertThat(cache.list(labelled.withIdQuery(IdQuery.of("^a"))))
                .extracting(Resource::id).containsExactly("a1");
    }

    @Test
    void teardownSignal_ofAnAbsentResource_isCompleteAtOnce() {
        cache.markBootstrapped();
        assertThat(cache.teardownSignal("a")).isDone();
    }

    @Test
    void teardownSignal_ofARunningResource_waits_andCompletesOnATearingDownPut() {
        cache.put(res("a", 1));
        cache.markBootstrapped();
        CompletableFuture<Void> signal = cache.teardownSignal("a");
        cache.put(res("a", 2));
        assertThat(signal).as("a running update is no teardown").isNotDone();
        cache.put(tearingDown(res("a", 2)));
        assertThat(signal).isCompleted();
        assertThat(cache.waitingSignals()).isZero();
    }

    @Test
    void teardownSignal_completesWhenTheResourceIsRemoved() {
        cache.put(res("a", 1));
        cache.put(res("b", 1));
        cache.markBootstrapped();
        CompletableFuture<Void> a = cache.teardownSignal("a");
        CompletableFuture<Void> b = cache.teardownSignal("b");
        cache.remove("a");
        assertThat(a).isCompleted();
        assertThat(b).as("another resource's signal").isNotDone();
    }

    @Test
    void teardownSignal_ofAResourceAlreadyTearingDown_isCompleteAtOnce() {
        cache.put(tearingDown(res("a", 1)));
        cache.markBootstrapped();
        assertThat(cache.teardownSignal("a")).isCompleted();
    }

    @Test
    void teardownSignal_waitsForTheBootstrap() throws Exception {
        cache.put(tearingDown(res("a", 1)));
        CompletableFuture<CompletableFuture<Void>> asked = CompletableFuture.supplyAsync(
                () -> cache.teardownSignal("a"), runnable -> Thread.ofVirtual().start(runnable));
        Thread.sleep(100);
        assertThat(asked).as("waiting for the bootstrap").isNotDone();
        cache.markBootstrapped();
        assertThat(asked.get()).isCompleted();
    }

    @Test
    void teardownSignal_thatIsCancelled_isForgotten() {
        cache.put(res("a", 1));
        cache.markBootstrapped();
        CompletableFuture<Void> signal = cache.teardownSignal("a");
        assertThat(cache.waitingSignals()).isEqualTo(1);
        signal.cancel(false);
        assertThat(cache.waitingSignals()).isZero();
    }

    @Test
    void anInterruptedRead_failsAndKeepsTheInterrupt() throws InterruptedException {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                cache.get(KIND.pointer("a"));
            } catch (IllegalStateException e) {
                interrupted.complete(Thread.currentThread().isInterrupted());
            }
        });
        Thread.sleep(50);
        reader.interrupt();
        reader.join(Duration.ofSeconds(5));
        assertThat(interrupted).isCompletedWithValue(true);
    }

    @Test
    void anUnconfiguredKind_isAnError() {
        ReadCache readCache = new ReadCache(Set.of(KIND));
        assertThat(readCache.handles(KIND)).isTrue();
        assertThatThrownBy(() -> readCache.kind(new Kind("ns", "Other"))).hasMessageContaining("is not cached");
        assertThatThrownBy(() -> readCache.kind(new Pointer("x", "T", "a").kind()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
