package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.cosi.state.ListOptions;

import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;

/**
 * Sums the Ints of a namespace (those matching the label query, when one is given) into one Int. Its input is weak
 * and declared at run time; its output type is shared, so several sums can run side by side.
 */
public record SumController(String name, String sourceNamespace, String targetNamespace, String targetId,
        LabelQuery sourceQuery) implements Controller {

    public SumController(String name, String sourceNamespace, String targetNamespace, String targetId) {
        this(name, sourceNamespace, targetNamespace, targetId, null);
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(TestResources.INT));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        ctx.updateInputs(List.of(Input.weak(sourceNamespace, TestResources.INT)));
        ListOptions options = sourceQuery == null ? ListOptions.ALL : ListOptions.ALL.orLabels(sourceQuery);
        int sum = 0;
        for (Resource<?> in : ctx.list(TestResources.ints(sourceNamespace), options)) {
            sum += in.as(IntSpec.class).spec().value();
        }
        int total = sum;
        ctx.modify(TestResources.newInt(targetNamespace, targetId, 0), r -> r.withSpec(new IntSpec(total)));
    }
}
