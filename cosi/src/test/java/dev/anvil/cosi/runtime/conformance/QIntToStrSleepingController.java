package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.QController;
import dev.anvil.cosi.runtime.QSettings;
import dev.anvil.cosi.runtime.ReducedMetadata;
import dev.anvil.cosi.state.NotFoundException;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * {@link QIntToStrController} with one worker that sleeps "value" milliseconds before writing, and gives up the
 * sleep as soon as its Int starts tearing down (the teardown signal), which is not a failure.
 */
public record QIntToStrSleepingController(String sourceNamespace, String targetNamespace) implements QController {
    @Override
    public String name() {
        return "QIntToStrSleepingController";
    }

    @Override
    public QSettings settings() {
        return QSettings.of(List.of(Input.qPrimary(sourceNamespace, TestResources.INT),
                        Input.qMappedDestroyReady(targetNamespace, TestResources.STR)),
                List.of(Output.exclusive(TestResources.STR)));
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) throws Exception {
        Resource<IntSpec> in;
        try {
            in = ctx.get(primary, IntSpec.class);
        } catch (NotFoundException gone) {
            return;
        }
        Pointer out = TestResources.strPointer(targetNamespace, in.id());
        if (in.metadata().phase() == Phase.RUNNING) {
            ctx.addFinalizer(primary, name());
            try {
                ctx.teardownSignal(primary).get(in.spec().value(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException slept) {
                String value = Integer.toString(in.spec().value());
                ctx.modify(TestResources.newStr(targetNamespace, in.id(), ""), r -> r.withSpec(new StrSpec(value)));
                return;
            }
        }
        try {
            if (!ctx.teardown(out)) {
                return;
            }
            ctx.destroy(out);
        } catch (NotFoundException alreadyGone) {
            // nothing holds the Int any more
        }
        ctx.removeFinalizer(primary, name());
    }

    @Override
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
        return List.of(TestResources.intPointer(sourceNamespace, changed.pointer().id()));
    }
}
