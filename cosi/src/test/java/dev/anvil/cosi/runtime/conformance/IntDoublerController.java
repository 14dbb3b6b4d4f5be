package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;

import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;

/** Doubles every Int into another namespace; outputs whose input is gone are removed by output tracking. */
public record IntDoublerController(String sourceNamespace, String targetNamespace) implements Controller {
    @Override
    public String name() {
        return "IntDoublerController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.strong(sourceNamespace, TestResources.INT));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(TestResources.INT));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        ctx.startTrackingOutputs();
        for (Resource<?> in : ctx.list(TestResources.ints(sourceNamespace))) {
            int doubled = in.as(IntSpec.class).spec().value() * 2;
            ctx.modify(TestResources.newInt(targetNamespace, in.id(), 0), r -> r.withSpec(new IntSpec(doubled)));
        }
        ctx.cleanupOutputs(TestResources.ints(targetNamespace));
    }
}
