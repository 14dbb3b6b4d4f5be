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

import static dev.anvil.cosi.runtime.conformance.TestResources.SentenceSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * Each Str becomes a Sentence "value sentence" labelled {@code combined}; the same finalizer pattern as
 * {@link IntToStrController}, but the inputs are declared at run time through {@code updateInputs}.
 */
public record StrToSentenceController(String sourceNamespace, String targetNamespace) implements Controller {
    @Override
    public String name() {
        return "StrToSentenceController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TestResources.SENTENCE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        ctx.updateInputs(List.of(Input.strong(sourceNamespace, TestResources.STR),
                Input.destroyReady(targetNamespace, TestResources.SENTENCE)));
        for (Resource<?> in : ctx.list(TestResources.strs(sourceNamespace))) {
            Pointer out = new Pointer(targetNamespace, TestResources.SENTENCE, in.id());
            String finalizer = out.toString();
            if (in.metadata().phase() == Phase.RUNNING) {
                ctx.addFinalizer(in.pointer(), finalizer);
                String value = in.as(StrSpec.class).spec().value() + " sentence";
                ctx.modify(TestResources.newSentence(targetNamespace, in.id(), ""),
                        r -> r.withMetadata(r.metadata().withLabel("combined", ""))
                                .withSpec(new SentenceSpec(value)));
                continue;
            }
            try {
                if (!ctx.teardown(out)) {
                    continue;
                }
                ctx.destroy(out);
            } catch (NotFoundException alreadyGone) {
                // nothing holds the Str any more
            }
            ctx.removeFinalizer(in.pointer(), finalizer);
        }
    }
}
