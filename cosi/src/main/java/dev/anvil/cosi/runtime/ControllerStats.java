package dev.anvil.cosi.runtime;

import java.time.Duration;

/**
 * One controller's metrics at one moment. Counters only grow.
 *
 * @param queued      true for a {@link QController}
 * @param wakeups     reconciles queued (for a Controller, only those not coalesced into a pending one) or queue items
 *                    taken (for a QController)
 * @param crashes     reconciles, map jobs or hook runs that failed
 * @param busy        time spent in reconcile and map calls
 * @param reads       gets, lists and watches sent to the state, failed ones included
 * @param writes      creates, updates and destroys sent to the state, failed ones included
 * @param requeues    reconciles that asked to run again later without failing (QController)
 * @param skips       reconciles that had nothing to do until the next change (QController)
 * @param processed   queue items finished successfully (QController)
 * @param mappedIn    map jobs run (QController)
 * @param mappedOut   primary pointers map jobs produced (QController)
 * @param queueLength items queued or in progress now (QController; 0 otherwise)
 */
public record ControllerStats(String name, boolean queued, long wakeups, long crashes, Duration busy, long reads,
        long writes, long requeues, long skips, long processed, long mappedIn, long mappedOut, int queueLength) {
}
