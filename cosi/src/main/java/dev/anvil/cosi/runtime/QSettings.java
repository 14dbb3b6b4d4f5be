package dev.anvil.cosi.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link QController} declares.
 *
 * @param concurrency how many workers reconcile at once, at least 1
 * @param runHook     runs beside the workers for the runtime's lifetime, restarted with backoff when it throws;
 *                    null for none
 * @param shutdownHook runs once when the controller has stopped; null for none
 */
public record QSettings(List<Input> inputs, List<Output> outputs, int concurrency, RunHook runHook,
        Runnable shutdownHook) {

    /** Long-running work beside the queue (a heartbeat, a poller). Returns when done or interrupted. */
    @FunctionalInterface
    public interface RunHook {
        void run(QContext ctx) throws Exception;
    }

    public QSettings {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (concurrency < 1) {
            throw new IllegalArgumentException("a queue controller needs at least one worker, got " + concurrency);
        }
    }

    public static QSettings of(List<Input> inputs, List<Output> outputs) {
        return new QSettings(inputs, outputs, 1, null, null);
    }

    public QSettings withConcurrency(int workers) {
        return new QSettings(inputs, outputs, workers, runHook, shutdownHook);
    }

    public QSettings withHooks(RunHook run, Runnable shutdown) {
        return new QSettings(inputs, outputs, concurrency, Objects.requireNonNull(run, "run hook"),
                Objects.requireNonNull(shutdown, "shutdown hook"));
    }
}
