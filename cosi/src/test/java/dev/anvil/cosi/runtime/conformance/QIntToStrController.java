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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;

/**
 * The queue version of {@link IntToStrController}, with four workers. Its run hook fails on its first run, then
 * writes a heartbeat Str "hooks/lastInvokation" every second; its shutdown hook records that it ran.
 */
public final class QIntToStrController implements QController {
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final String sourceNamespace;
    private final String targetNamespace;
    private final AtomicBoolean hookFailed = new AtomicBoolean();
    private final AtomicBoolean shutdownCalled = new AtomicBoolean();

    public QIntToStrController(String sourceNamespace, String targetNamespace) {
        this.sourceNamespace = sourceNamespace;
        this.targetNamespace = targetNamespace;
    }

    public boolean shutdownCalled() {
        return shutdownCalled.get();
    }

    @Override
    public String name() {
        return "QIntToStrController";
    }

    @Override
    public QSettings settings() {
        return QSettings.of(List.of(Input.qPrimary(sourceNamespace, TestResources.INT),
                        Input.qMappedDestroyReady(targetNamespace, TestResources.STR)),
                List.of(Output.exclusive(TestResources.STR)))
                .withConcurrency(4)
                .withHooks(this::heartbeat, () -> shutdownCalled.set(true));
    }

    private void heartbeat(QContext ctx) throws InterruptedException {
        if (hookFailed.compareAndSet(false, true)) {
            throw new IllegalStateException("oh no");
        }
        while (true) {
            Thread.sleep(HEARTBEAT);
            String now = Instant.now().toString();
            ctx.modify(TestResources.newStr("hooks", "lastInvokation", ""), r -> r.withSpec(new StrSpec(now)));
        }
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) {
        Resource<IntSpec> in;
        try {
            in = ctx.get(primary, IntSpec.class);
        } catch (NotFoundException gone) {
            return;
        }
        Pointer out = TestResources.strPointer(targetNamespace, in.id());
        if (in.metadata().phase() == Phase.RUNNING) {
            ctx.addFinalizer(primary, name());
            String value = Integer.toString(in.spec().value());
            ctx.modify(TestResources.newStr(targetNamespace, in.id(), ""), r -> r.withSpec(new StrSpec(value)));
            return;
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
        Pointer p = changed.pointer();
        if (p.namespace().equals(targetNamespace) && p.type().equals(TestResources.STR)) {
            return List.of(TestResources.intPointer(sourceNamespace, p.id()));
        }
        throw new IllegalArgumentException("unexpected input " + p);
    }
}
