package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;

/**
 * Writes Int "n" (n = how many times it ran) and then fails: with a checked exception, or with an {@link Error}
 * (Java's nearest thing to a panic). Only the runtime's restarts make it run again; it has no inputs.
 */
public final class FailingController implements Controller {
    private final String targetNamespace;
    private final boolean panic;
    private final AtomicInteger runs = new AtomicInteger();

    public FailingController(String targetNamespace, boolean panic) {
        this.targetNamespace = targetNamespace;
        this.panic = panic;
    }

    @Override
    public String name() {
        return "FailingController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TestResources.INT));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        int run = runs.getAndIncrement();
        ctx.modify(TestResources.newInt(targetNamespace, Integer.toString(run), 0), r -> r.withSpec(new IntSpec(run)));
        if (panic) {
            throw new AssertionError("failing here");
        }
        throw new IOException("failing here");
    }
}
