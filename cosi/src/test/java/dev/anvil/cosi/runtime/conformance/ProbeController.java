package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A controller whose reconcile is a test's code: it counts reconciles and hands the outcome of each (null, or what
 * it threw) to the test, so a test can check what the runtime allowed from inside a reconcile.
 */
public final class ProbeController implements Controller {
    /** The test's reconcile body. */
    @FunctionalInterface
    public interface Body {
        void run(ReconcileContext ctx) throws Exception;
    }

    private final String name;
    private final List<Input> inputs;
    private final List<Output> outputs;
    private final Body body;
    private final AtomicInteger reconciles = new AtomicInteger();
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private volatile Runnable queueReconcile;
    private volatile boolean stopped;

    /** What one reconcile ended with: {@code failure} is null when it returned normally. */
    public record Outcome(Throwable failure) {
    }

    public ProbeController(String name, List<Input> inputs, List<Output> outputs, Body body) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Input> inputs() {
        return inputs;
    }

    @Override
    public List<Output> outputs() {
        return outputs;
    }

    /** What the runtime handed over at start to queue reconciles from outside; null before. */
    public Runnable queueReconcile() {
        return queueReconcile;
    }

    public boolean stoppedCalled() {
        return stopped;
    }

    @Override
    public void started(Runnable handle) {
        queueReconcile = handle;
    }

    @Override
    public void stopped() {
        stopped = true;
    }

    public int reconciles() {
        return reconciles.get();
    }

    /** The next reconcile's outcome, waiting up to the suite's patience. */
    public Outcome nextOutcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(RuntimeSuiteSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("controller " + name + " did not reconcile within "
                    + RuntimeSuiteSupport.PATIENCE);
        }
        return outcome;
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        reconciles.incrementAndGet();
        try {
            body.run(ctx);
            outcomes.add(new Outcome(null));
        } catch (Exception | AssertionError e) {
            // recorded, not rethrown: the probe reports what happened instead of crashing the controller
            outcomes.add(new Outcome(e));
        }
    }
}
