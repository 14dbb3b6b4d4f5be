package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
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
 * <p>Each cycle: write the output of every running input; tear down and destroy every output of this controller
 * whose input is gone or tearing down (an output that is itself tearing down is always finished off, even if an
 * input maps to it again: it belongs to an earlier generation of that input, and the new one is created once it is
 * gone); then release input finalizers whose outputs are really gone. A failing input does not stop the others:
 * failures are collected and the cycle fails at the end, so the runtime retries with backoff. Outputs carrying
 * foreign finalizers are waited for: the output type is also a destroy-ready input, which wakes the controller when
 * they are released.
 */
public final class TransformController<I extends Spec, O extends Spec> implements Controller {
    private final TransformSettings<I, O> settings;

    public TransformController(TransformSettings<I, O> settings) {
        this.settings = settings;
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
        return inputs;
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output(settings.output().type(), settings.outputKind()));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Set<String> wanted = new HashSet<>();
        List<Resource<I>> leaving = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
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
            try {
                if (settings.inputFinalizers() && !in.metadata().hasFinalizer(name())) {
                    ctx.addFinalizer(in.pointer(), name());
                }
                ctx.modify(mapped.get(), out -> settings.transform().apply(ctx, in, out));
            } catch (ConflictException e) {
                if (!e.isAbout(settings.output().type())) {
                    failures.add(e);
                }
                // a conflict on the output (it is tearing down, say) settles once the teardown completes
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        Set<String> remaining = removeUnwanted(ctx, wanted);
        for (Resource<I> in : leaving) {
            String outputId = settings.map().map(in).orElseThrow().id();
            if (!remaining.contains(outputId) && in.metadata().hasFinalizer(name())) {
                ctx.removeFinalizer(in.pointer(), name());
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException failure = new IllegalStateException("transform " + name() + ": " + failures.size()
                    + " input(s) failed; first: " + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Runs the finalizer removal of a tearing-down input; false (the output stays) if it failed. */
    private boolean release(ReconcileContext ctx, Resource<I> in, List<RuntimeException> failures) {
        if (settings.finalizerRemoval() == null || !in.metadata().hasFinalizer(name())) {
            return true;
        }
        try {
            settings.finalizerRemoval().run(ctx, in);
            return true;
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
