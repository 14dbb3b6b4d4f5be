package dev.anvil.cosi.runtime.transform;

/**
 * A way to wake a {@link TransformController} from outside the state, say from a timer or a callback (Go's extra
 * event channel): each {@link #signal()} makes it run a cycle, signals that come while one is pending coalesce into
 * it. Signals before the controller has started are dropped: its first cycle reads everything anyway. Thread-safe.
 */
public final class ExtraEvents {
    private volatile Runnable queueReconcile;

    public void signal() {
        Runnable queue = queueReconcile;
        if (queue != null) {
            queue.run();
        }
    }

    void connect(Runnable queue) {
        queueReconcile = queue;
    }
}
