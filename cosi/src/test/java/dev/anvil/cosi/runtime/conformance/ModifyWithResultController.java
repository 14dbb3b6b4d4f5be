package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;

import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * For each Str "id" writes "id-out" = value + "-modified", then checks what modify returned and records the verdict
 * in "id-out-modify-result" (value + "-valid", or what was wrong).
 */
public record ModifyWithResultController(String sourceNamespace, String targetNamespace) implements Controller {
    @Override
    public String name() {
        return "ModifyWithResultController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.strong(sourceNamespace, TestResources.STR));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TestResources.STR));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        for (Resource<?> in : ctx.list(TestResources.strs(sourceNamespace))) {
            String source = in.as(StrSpec.class).spec().value();
            String id = in.id() + "-out";
            String value = source + "-modified";
            Resource<StrSpec> result = ctx.modify(TestResources.newStr(targetNamespace, id, ""),
                    r -> r.withSpec(new StrSpec(value)));
            String verdict = result.id().equals(id) && result.spec().value().equals(value)
                    ? source + "-valid"
                    : "invalid: id: " + result.id() + ", val: " + result.spec().value();
            ctx.modify(TestResources.newStr(targetNamespace, id + "-modify-result", ""),
                    r -> r.withSpec(new StrSpec(verdict)));
        }
    }
}
