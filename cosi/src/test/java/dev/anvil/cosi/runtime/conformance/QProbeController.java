package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.QController;
import dev.anvil.cosi.runtime.QSettings;
import dev.anvil.cosi.runtime.ReducedMetadata;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A queue controller whose reconcile and map are a test's code; it hands each reconcile's outcome to the test (see
 * {@link ProbeController}). Map failures are left to the runtime, which counts them as crashes.
 */
public final class QProbeController implements QController {
    /** The test's reconcile body. */
    @FunctionalInterface
    public interface Body {
        void run(QContext ctx, Pointer primary) throws Exception;
    }

    /** The test's map function. */
    @FunctionalInterface
    public interface Mapper {
        List<Pointer> map(ReducedMetadata changed);
    }

    private final List<Input> inputs;
    private final List<Output> outputs;
    private final Body body;
    private final Mapper mapper;
    private final BlockingQueue<ProbeController.Outcome> outcomes = new LinkedBlockingQueue<>();

    public QProbeController(List<Input> inputs, List<Output> outputs, Body body, Mapper mapper) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.body = body;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "QProbe";
    }

    @Override
    public QSettings settings() {
        return QSettings.of(inputs, outputs);
    }

    /** The next reconcile's outcome, waiting up to the suite's patience. */
    public ProbeController.Outcome nextOutcome() throws InterruptedException {
        ProbeController.Outcome outcome = outcomes.poll(RuntimeSuiteSupport.PATIENCE.toMillis(),
                TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("QProbe did not reconcile within " + RuntimeSuiteSupport.PATIENCE);
        }
        return outcome;
    }

    /** True if no reconcile outcome is waiting. */
    public boolean noOutcome() {
        return outcomes.isEmpty();
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) {
        try {
            body.run(ctx, primary);
            outcomes.add(new ProbeController.Outcome(null));
        } catch (Exception | AssertionError e) {
            // recorded, not rethrown: the probe reports what happened instead of crashing
            outcomes.add(new ProbeController.Outcome(e));
        }
    }

    @Override
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
        return mapper.map(changed);
    }
}
