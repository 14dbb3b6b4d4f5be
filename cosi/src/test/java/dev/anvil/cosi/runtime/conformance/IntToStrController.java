package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.cosi.state.NotFoundException;

import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * Each Int becomes a Str with its decimal value. The Int carries a finalizer named after its Str until the Str is
 * gone; tearing the Int down tears the Str down, and the DestroyReady input wakes us when the Str may be destroyed.
 */
public record IntToStrController(String sourceNamespace, String targetNamespace) implements Controller {
    @Override
    public String name() {
        return "IntToStrController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.strong(sourceNamespace, TestResources.INT),
                Input.destroyReady(targetNamespace, TestResources.STR));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TestResources.STR));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        for (Resource<?> in : ctx.list(TestResources.ints(sourceNamespace))) {
            Pointer out = TestResources.strPointer(targetNamespace, in.id());
            String finalizer = out.toString();
            if (in.metadata().phase() == Phase.RUNNING) {
                ctx.addFinalizer(in.pointer(), finalizer);
                String value = Integer.toString(in.as(IntSpec.class).spec().value());
                ctx.modify(TestResources.newStr(targetNamespace, in.id(), ""), r -> r.withSpec(new StrSpec(value)));
                continue;
            }
            try {
                if (!ctx.teardown(out)) {
                    continue;
                }
                ctx.destroy(out);
            } catch (NotFoundException alreadyGone) {
                // nothing holds the Int any more
            }
            ctx.removeFinalizer(in.pointer(), finalizer);
        }
    }
}
