package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.cosi.state.conformance.PathSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writers and watchers: every watcher sees, per resource, exactly the writes that happened, in order,
 * none lost and none repeated; a watcher that falls out of a small history is told so instead of missing events.
 */
class ConcurrencyStressTest {
    private static final Kind KIND = new Kind("default", PathSpec.TYPE);
    private static final int WRITERS = 4;
    private static final int IDS_PER_WRITER = 25;
    private static final int ROUNDS = 20;
    private static final int UPDATES_PER_ROUND = 3;

    /** The key under which a watcher's view records that its watch ended with an error. */
    private static final String ERRORED = "<errored>";

    /** One write as a watcher saw it or a writer did it. */
    record Seen(EventType type, long version) {
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentWritersAndWatchers_seeEveryWriteOncePerResourceInOrder() throws Exception {
        InMemoryState state = new InMemoryState(new HistoryOptions(64, 1 << 20, 5));
        Outcome outcome = run(state);
        for (Map<String, List<Seen>> watcher : outcome.watchers()) {
            assertThat(watcher).isEqualTo(outcome.written());
        }
        for (Map.Entry<String, List<Seen>> single : outcome.singles().entrySet()) {
            assertThat(single.getValue()).isEqualTo(outcome.written().get(single.getKey()));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void smallHistory_slowWatchers_eitherSeeEverythingOrAreToldTheyFellBehind() throws Exception {
        InMemoryState state = new InMemoryState(HistoryOptions.fixed(16, 2));
        Outcome outcome = run(state);
        for (Map<String, List<Seen>> watcher : outcome.watchers()) {
            if (watcher.remove(ERRORED) == null) {
                assertThat(watcher).isEqualTo(outcome.written());
            } else {
                // it fell behind and was told so: what it saw of each resource is a prefix, never a gap
                watcher.forEach((id, seen) ->
                        assertThat(outcome.written().get(id)).startsWith(seen.toArray(Seen[]::new)));
            }
        }
    }

    record Outcome(Map<String, List<Seen>> written, List<Map<String, List<Seen>>> watchers,
            Map<String, List<Seen>> singles) {
    }

    private static Outcome run(State state) throws Exception {
        int kindWatchers = 3;
        List<Watch> watches = new ArrayList<>();
        for (int i = 0; i < kindWatchers; i++) {
            watches.add(state.watchKind(KIND, WatchKindOptions.DEFAULT));
        }
        List<String> singleIds = List.of("w0-0", "w1-7", "w3-24");
        for (String id : singleIds) {
            watches.add(state.watch(KIND.pointer(id), WatchOptions.DEFAULT));
        }
        int expectedEvents = WRITERS * IDS_PER_WRITER * ROUNDS * (UPDATES_PER_ROUND + 2);
        Map<String, List<Seen>> written = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, List<Seen>>>> readers = new ArrayList<>();
            for (int i = 0; i < watches.size(); i++) {
                Watch watch = watches.get(i);
                boolean single = i >= kindWatchers;
                readers.add(pool.submit(() -> read(watch, single, single ? ROUNDS * (UPDATES_PER_ROUND + 2) + 1 : expectedEvents)));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    write(state, writer, written);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get();
            }
            List<Map<String, List<Seen>>> kindViews = new ArrayList<>();
            Map<String, List<Seen>> singles = new HashMap<>();
            for (int i = 0; i < readers.size(); i++) {
                Map<String, List<Seen>> view = readers.get(i).get(30, TimeUnit.SECONDS);
                if (i < kindWatchers) {
                    kindViews.add(view);
                } else {
                    singles.putAll(view);
                }
            }
            return new Outcome(written, kindViews, singles);
        } finally {
            watches.forEach(Watch::close);
        }
    }

    private static void write(State state, int writer, Map<String, List<Seen>> written) {
        for (int round = 0; round < ROUNDS; round++) {
            for (int n = 0; n < IDS_PER_WRITER; n++) {
                String id = "w" + writer + "-" + n;
                List<Seen> log = written.computeIfAbsent(id, k -> new ArrayList<>());
                Resource<?> r = state.create(PathSpec.path("default", id), "");
                log.add(new Seen(EventType.CREATED, r.metadata().version().value()));
                for (int u = 0; u < UPDATES_PER_ROUND; u++) {
                    r = state.update(r.withMetadata(r.metadata().withLabel("u", Integer.toString(u))));
                    log.add(new Seen(EventType.UPDATED, r.metadata().version().value()));
                }
                state.destroy(r.pointer());
                log.add(new Seen(EventType.DESTROYED, r.metadata().version().value()));
            }
        }
    }

    /** Reads until the expected number of events arrived, the watch ended, or nothing came for a while. */
    private static Map<String, List<Seen>> read(Watch watch, boolean single, int expected) throws InterruptedException {
        Map<String, List<Seen>> seen = new HashMap<>();
        int count = 0;
        boolean initialSkipped = !single;
        while (count < expected) {
            List<Event> batch = watch.next(Duration.ofSeconds(10));
            if (batch.isEmpty()) {
                break;
            }
            for (Event event : batch) {
                count++;
                if (!initialSkipped) {
                    initialSkipped = true;
                    continue;
                }
                if (event instanceof Event.Errored) {
                    seen.put(ERRORED, List.of());
                    return seen;
                }
                seen.computeIfAbsent(event.resource().id(), k -> new ArrayList<>())
                        .add(new Seen(event.type(), event.resource().metadata().version().value()));
            }
        }
        return seen;
    }
}
