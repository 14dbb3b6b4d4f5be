package dev.anvil.cosi.runtime.conformance;

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
 * Makes every metric move: one list per reconcile, a modify per Int, a destroy of a resource that does not exist
 * (a failed write still counts), and a crash on the value 42.
 */
public record MetricsController(String name, String namespace) implements Controller {
    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(namespace, TestResources.INT));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TestResources.STR));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        for (Resource<?> in : ctx.list(TestResources.ints(namespace))) {
            int value = in.as(IntSpec.class).spec().value();
            if (value == 42) {
                throw new IllegalStateException("magic number caused controller to crash");
            }
            ctx.modify(TestResources.newStr(namespace, in.id(), ""),
                    r -> r.withSpec(new StrSpec(Integer.toString(value))));
            try {
                ctx.destroy(TestResources.strPointer(namespace, "non-existent"));
            } catch (NotFoundException expected) {
                // the point was to count a write
            }
        }
    }
}
