package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.QController;
import dev.anvil.cosi.runtime.QSettings;
import dev.anvil.cosi.runtime.ReducedMetadata;
import dev.anvil.cosi.runtime.RequeueException;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.NotFoundException;

import java.time.Duration;
import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * Copies Strs, unless the value says otherwise: "fail" throws, "panic" throws an Error, "requeue_no_error" and
 * "requeue_with_error" ask to run again in 100 ms (the second also failing). Mapping always fails.
 */
public record QFailingController(String sourceNamespace, String targetNamespace) implements QController {
    @Override
    public String name() {
        return "QFailingController";
    }

    @Override
    public QSettings settings() {
        return QSettings.of(List.of(Input.qPrimary(sourceNamespace, TestResources.STR),
                        Input.qPrimary(sourceNamespace, TestResources.INT)),
                List.of(Output.exclusive(TestResources.STR))).withConcurrency(4);
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) throws Exception {
        Resource<StrSpec> in;
        try {
            in = ctx.get(primary, StrSpec.class);
        } catch (NotFoundException gone) {
            return;
        }
        String value = in.spec().value();
        switch (value) {
            case "fail" -> throw new Exception("failing as requested");
            case "panic" -> throw new AssertionError("panicking as requested");
            case "requeue_no_error" -> throw new RequeueException(Duration.ofMillis(100));
            case "requeue_with_error" -> throw new RequeueException(Duration.ofMillis(100),
                    new IllegalStateException("requeue with error"));
            case "skip" -> throw new SkipReconcileException("skipping as requested");
            default -> ctx.modify(TestResources.newStr(targetNamespace, in.id(), ""),
                    r -> r.withSpec(new StrSpec(value)));
        }
    }

    @Override
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
        throw new AssertionError("not going to map anything");
    }
}
