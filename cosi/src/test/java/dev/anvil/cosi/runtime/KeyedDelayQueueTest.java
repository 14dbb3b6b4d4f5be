package dev.anvil.cosi.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queue semantics of cosi.md 3.4 and the queue checks of 6.4 (#101, #102). */
@Timeout(30)
class KeyedDelayQueueTest {
    private final KeyedDelayQueue<String, Integer> queue = new KeyedDelayQueue<>();

    private List<String> takeAll(int n) throws InterruptedException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = queue.take().key();
            keys.add(key);
            queue.release(key);
        }
        return keys;
    }

    @Test
    void equalReleaseTimes_comeOutFirstInFirstOut() throws InterruptedException {
        for (String key : List.of("c", "a", "d", "b")) {
            queue.put(key, 0);
        }
        assertThat(takeAll(4)).containsExactly("c", "a", "d", "b");
    }

    @Test
    void earlierReleaseTimes_comeOutFirst() throws InterruptedException {
        queue.put("late", 0, Duration.ofMillis(200));
        queue.put("soon", 0, Duration.ofMillis(50));
        queue.put("now", 0);
        assertThat(takeAll(3)).containsExactly("now", "soon", "late");
    }

    @Test
    void duplicatePut_doesNotGrowTheQueue_andOverwritesTheValue() throws InterruptedException {
        queue.put("k", 1);
        queue.put("k", 2);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.take().value()).isEqualTo(2);
    }

    @Test
    void duplicateWithALaterTime_doesNotPostponeTheItem() throws InterruptedException {
        queue.put("k", 1);
        queue.put("k", 2, Duration.ofHours(1));
        long start = System.nanoTime();
        assertThat(queue.take().key()).isEqualTo("k");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void duplicateWithAnEarlierTime_movesTheItemForward() throws InterruptedException {
        queue.put("k", 1, Duration.ofHours(1));
        queue.put("other", 0, Duration.ofMillis(100));
        queue.put("k", 2);
        assertThat(takeAll(2)).containsExactly("k", "other");
    }

    @Test
    void aHeldKey_isNotHandedOutAgain_andAPutDuringTheHoldRunsRightAfterRelease() throws InterruptedException {
        queue.put("k", 1);
        KeyedDelayQueue.Item<String, Integer> first = queue.take();
        queue.put("k", 2);
        queue.put("other", 0);
        assertThat(queue.take().key()).as("k is on hold").isEqualTo("other");
        assertThat(queue.size()).as("held keys count").isEqualTo(2);
        queue.release("other");
        queue.release(first.key());
        assertThat(queue.take().value()).isEqualTo(2);
    }

    @Test
    void requeue_doesNotOverrideAFresherPutMadeDuringTheHold() throws InterruptedException {
        queue.put("k", 1);
        queue.take();
        queue.put("k", 2);
        queue.requeue("k", 1, Duration.ofHours(1));
        KeyedDelayQueue.Item<String, Integer> next = queue.take();
        assertThat(next.value()).as("the fresh value, now rather than in an hour").isEqualTo(2);
    }

    @Test
    void requeue_queuesTheKeyAgainAfterTheDelay() throws InterruptedException {
        queue.put("k", 1);
        queue.take();
        long start = System.nanoTime();
        queue.requeue("k", 1, Duration.ofMillis(100));
        queue.take();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void fiveWorkers_neverProcessOneKeyTwiceAtOnce_seeEveryKeysLastValue_andDrain() throws Exception {
        int keys = 100;
        int rounds = 100;
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        Map<String, Integer> lastSeen = new ConcurrentHashMap<>();
        AtomicBoolean overlap = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        KeyedDelayQueue.Item<String, Integer> item = queue.take();
                        if (!inFlight.add(item.key())) {
                            overlap.set(true);
                        }
                        lastSeen.merge(item.key(), item.value(), Math::max);
                        Thread.onSpinWait();
                        inFlight.remove(item.key());
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            queue.release(item.key());
                        } else {
                            queue.requeue(item.key(), item.value(), Duration.ofMillis(10));
                        }
                    }
                } catch (InterruptedException stop) {
                    // the test is over
                }
            }));
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                queue.put("key-" + k, round);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(
                () -> lastSeen.size() == keys && lastSeen.values().stream().allMatch(v -> v == rounds - 1));
        for (Thread worker : workers) {
            worker.interrupt();
            worker.join();
        }
        assertThat(overlap).as("a key processed by two workers at once").isFalse();
    }

    @Test
    void size_drainsToZeroOnceEveryItemIsReleased() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            queue.put("k" + i, i);
        }
        takeAll(10);
        assertThat(queue.size()).isZero();
    }
}
