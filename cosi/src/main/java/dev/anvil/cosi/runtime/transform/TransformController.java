package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.CollectedFailures;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.ConflictException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A full-reconcile controller that maps each input to at most one output (cosi.md section 4, "transform"); the
 * config-to-spec steps of a node are written as these.
 *
 * <p>Each cycle: the pre-run hook; write the output of every running input; tear down and destroy every output of
 * this controller whose input is gone or tearing down (an output that is itself tearing down is always finished off,
 * even if an input maps to it again: it belongs to an earlier generation of that input, and the new one is created
 * once it is gone); release input finalizers whose outputs are really gone; the post-run hook. A failing input does
 * not stop the others: failures are collected and the cycle fails at the end, so the runtime retries with backoff.
 * Outputs carrying foreign finalizers are waited for: the output type is also a destroy-ready input, which wakes the
 * controller when they are released. The extras of {@link TransformOption} (more inputs and outputs, hooks, outside
 * wake-ups, a shutdown callback) are given to the constructor.
 */
public final class TransformController<I extends Spec, O extends Spec> implements Controller {
    private final TransformSettings<I, O> settings;
    private final List<Input> extraInputs = new ArrayList<>();
    private final List<Output> extraOutputs = new ArrayList<>();
    private final TransformOption.Hook preRun;
    private final TransformOption.Hook postRun;
    private final ExtraEvents extraEvents;
    private final Runnable onShutdown;

    public TransformController(TransformSettings<I, O> settings, TransformOption... options) {
        this.settings = settings;
        TransformOption.Hook pre = null;
        TransformOption.Hook post = null;
        ExtraEvents events = null;
        Runnable shutdown = null;
        for (TransformOption option : options) {
            switch (option) {
                case TransformOption.ExtraInputs extra -> extraInputs.addAll(extra.inputs());
                case TransformOption.ExtraOutputs extra -> extraOutputs.addAll(extra.outputs());
                case TransformOption.PreRunHook hook -> pre = hook.hook();
                case TransformOption.PostRunHook hook -> post = hook.hook();
                case TransformOption.ExtraEventSource source -> events = source.events();
                case TransformOption.OnShutdown callback -> shutdown = callback.callback();
            }
        }
        this.preRun = pre;
        this.postRun = post;
        this.extraEvents = events;
        this.onShutdown = shutdown;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<Input> inputs() {
        String ns = settings.input().namespace();
        String type = settings.input().type();
        List<Input> inputs = new ArrayList<>();
        inputs.add(settings.inputFinalizers() ? Input.strong(ns, type) : Input.weak(ns, type));
        if (!settings.input().equals(settings.output())) {
            inputs.add(Input.destroyReady(settings.output().namespace(), settings.output().type()));
        }
        inputs.addAll(extraInputs);
        return inputs;
    }

    @Override
    public List<Output> outputs() {
        List<Output> outputs = new ArrayList<>();
        outputs.add(new Output(settings.output().type(), settings.outputKind()));
        outputs.addAll(extraOutputs);
        return outputs;
    }

    @Override
    public void started(Runnable queueReconcile) {
        if (extraEvents != null) {
            extraEvents.connect(queueReconcile);
        }
    }

    @Override
    public void stopped() {
        if (onShutdown != null) {
            onShutdown.run();
        }
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws Exception {
        if (preRun != null) {
            preRun.run(ctx);
        }
        Set<String> wanted = new HashSet<>();
        List<Resource<I>> leaving = new ArrayList<>();
        CollectedFailures failures = new CollectedFailures();
        for (Resource<?> raw : ctx.list(settings.input(), settings.inputListOptions())) {
            Resource<I> in = raw.as(settings.inputSpec());
            Optional<Resource<O>> mapped = settings.map().map(in);
            if (mapped.isEmpty()) {
                continue;
            }
            if (in.metadata().phase() == Phase.TEARING_DOWN && !settings.ignoreTearingDownInputs()) {
                if (release(ctx, in, failures)) {
                    leaving.add(in);
                } else {
                    wanted.add(mapped.get().id());
                }
                continue;
            }
            wanted.add(mapped.get().id());
            write(ctx, in, mapped.get(), failures);
        }
        Set<String> remaining = removeUnwanted(ctx, wanted);
        for (Resource<I> in : leaving) {
            String outputId = settings.map().map(in).orElseThrow().id();
            if (!remaining.contains(outputId) && in.metadata().hasFinalizer(name())) {
                ctx.removeFinalizer(in.pointer(), name());
            }
        }
        if (postRun != null) {
            postRun.run(ctx);
        }
        failures.throwIfAny("transform " + name());
    }

    private void write(ReconcileContext ctx, Resource<I> in, Resource<O> empty, CollectedFailures failures) {
        try {
            if (settings.inputFinalizers() && !in.metadata().hasFinalizer(name())) {
                ctx.addFinalizer(in.pointer(), name());
            }
            ctx.modify(empty, out -> settings.transform().apply(ctx, in, out));
        } catch (ConflictException e) {
            if (!e.isAbout(settings.output().type())) {
                failures.add(e);
            }
            // a conflict on the output (it is tearing down, say) settles once the teardown completes
        } catch (SkipReconcileException notNow) {
            // the transform will look again on the next cycle
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** Runs the finalizer removal of a tearing-down input; false (the output stays) if it failed or skipped. */
    private boolean release(ReconcileContext ctx, Resource<I> in, CollectedFailures failures) {
        if (settings.finalizerRemoval() == null || !in.metadata().hasFinalizer(name())) {
            return true;
        }
        try {
            settings.finalizerRemoval().run(ctx, in);
            return true;
        } catch (SkipReconcileException notYet) {
            return false;
        } catch (Exception e) {
            failures.add(new IllegalStateException("finalizer removal of " + in.pointer() + " failed", e));
            return false;
        }
    }

    /** Tears down and destroys this controller's unwanted outputs; returns the IDs of the outputs that remain. */
    private Set<String> removeUnwanted(ReconcileContext ctx, Set<String> wanted) {
        Set<String> remaining = new HashSet<>();
        for (Resource<?> out : ctx.list(settings.output())) {
            boolean mine = out.metadata().owner().equals(name());
            boolean tearingDown = out.metadata().phase() == Phase.TEARING_DOWN;
            if (!mine || (!tearingDown && wanted.contains(out.id()))) {
                remaining.add(out.id());
                continue;
            }
            if (ctx.teardown(out.pointer())) {
                ctx.destroy(out.pointer());
            } else {
                remaining.add(out.id());
            }
        }
        return remaining;
    }
}
