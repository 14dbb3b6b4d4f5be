package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.QController;
import dev.anvil.cosi.runtime.QSettings;
import dev.anvil.cosi.runtime.ReducedMetadata;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.NotFoundException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue version of {@link TransformController} (cosi.md section 4, "qtransform"): each input is reconciled on
 * its own, so one slow or failing input delays only itself.
 *
 * <p>A running input gets the controller's finalizer and its output written; an output that is still tearing down
 * from an earlier generation of the input is destroyed first if it can be, else waited for. A tearing-down input
 * has its finalizer removal run, its output torn down and destroyed, and then its finalizer released, unless an
 * ignore-teardown option keeps treating it as running. The output type is a mapped destroy-ready input, so an output
 * whose foreign finalizers are released wakes its input again; extra mapped inputs wake inputs through their mappers.
 *
 * <p>What the transform may say besides the output: {@code ctx.requeueAfter} writes the output and transforms again
 * later; {@link dev.anvil.cosi.runtime.RequeueException} writes nothing and tries again later (a failure if it has a
 * cause); {@link DestroyOutputException} writes nothing and removes the output; {@link
 * dev.anvil.cosi.runtime.SkipReconcileException} writes nothing and waits for the next change.
 */
public final class QTransformController<I extends Spec, O extends Spec> implements QController {
    private final QTransformSettings<I, O> settings;
    private final List<Input> extraInputs = new ArrayList<>();
    private final List<Output> extraOutputs = new ArrayList<>();
    private final Map<Kind, InputMapper> mappers = new HashMap<>();
    private final Set<String> ignoreTeardownUntil;
    private final Set<String> ignoreTeardownWhile;

    public QTransformController(QTransformSettings<I, O> settings, QTransformOption... options) {
        this.settings = settings;
        Set<String> until = null;
        Set<String> whilePresent = null;
        for (QTransformOption option : options) {
            switch (option) {
                case QTransformOption.ExtraMappedInput mapped -> addMapper(mapped);
                case TransformOption.ExtraOutputs extra -> extraOutputs.addAll(extra.outputs());
                case QTransformOption.IgnoreTeardownUntil ignore -> until = ignore.finalizers();
                case QTransformOption.IgnoreTeardownWhile ignore -> whilePresent = ignore.finalizers();
            }
        }
        this.ignoreTeardownUntil = until;
        this.ignoreTeardownWhile = whilePresent;
    }

    private void addMapper(QTransformOption.ExtraMappedInput mapped) {
        Kind kind = mapped.input().resourceKind();
        if (kind.equals(settings.output()) || mappers.putIfAbsent(kind, mapped.mapper()) != null) {
            throw new IllegalArgumentException("queue transform " + name() + ": a second mapper for " + kind);
        }
        extraInputs.add(mapped.input());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public QSettings settings() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(Input.qPrimary(settings.input().namespace(), settings.input().type()));
        inputs.add(Input.qMappedDestroyReady(settings.output().namespace(), settings.output().type()));
        inputs.addAll(extraInputs);
        List<Output> outputs = new ArrayList<>();
        outputs.add(new Output(settings.output().type(), settings.outputKind()));
        outputs.addAll(extraOutputs);
        return QSettings.of(inputs, outputs).withConcurrency(settings.concurrency());
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) throws Exception {
        Resource<I> in;
        try {
            in = ctx.get(primary, settings.inputSpec());
        } catch (NotFoundException gone) {
            return;
        }
        Optional<Resource<O>> mapped = settings.map().map(in);
        if (mapped.isEmpty()) {
            return;
        }
        if (in.metadata().phase() == Phase.RUNNING || teardownIgnored(in.metadata())) {
            write(ctx, in, mapped.get());
        } else {
            finish(ctx, in, mapped.get().pointer());
        }
    }

    /** True while an ignore-teardown option says a tearing-down input is still to be treated as running. */
    private boolean teardownIgnored(Metadata input) {
        for (String finalizer : input.finalizers()) {
            if (finalizer.equals(name())) {
                continue;
            }
            if (ignoreTeardownUntil != null && !ignoreTeardownUntil.contains(finalizer)) {
                return true;
            }
            if (ignoreTeardownWhile != null && ignoreTeardownWhile.contains(finalizer)) {
                return true;
            }
        }
        return false;
    }

    private void write(QContext ctx, Resource<I> in, Resource<O> empty) {
        if (in.metadata().phase() == Phase.RUNNING && !in.metadata().hasFinalizer(name())) {
            ctx.addFinalizer(in.pointer(), name());
        }
        try {
            Resource<?> old = ctx.get(empty.pointer());
            if (old.metadata().phase() == Phase.TEARING_DOWN) {
                if (!old.metadata().finalizers().isEmpty()) {
                    return;
                }
                ctx.destroy(empty.pointer());
            }
        } catch (NotFoundException absent) {
            // nothing in the way: create it below
        }
        try {
            ctx.modify(empty, out -> settings.transform().apply(ctx, in, out));
        } catch (ConflictException e) {
            if (!e.isAbout(settings.output().type())) {
                throw e;
            }
            // a conflict on the output settles when its teardown completes and it maps back here
        } catch (DestroyOutputException unwanted) {
            destroyOutput(ctx, empty.pointer());
        }
    }

    /** Tears the output down and destroys it if nothing holds it; else its release maps back here. */
    private static void destroyOutput(QContext ctx, Pointer out) {
        try {
            if (ctx.teardown(out)) {
                ctx.destroy(out);
            }
        } catch (NotFoundException alreadyGone) {
            // nothing to remove
        }
    }

    private void finish(QContext ctx, Resource<I> in, Pointer out) throws Exception {
        if (!in.metadata().hasFinalizer(name())) {
            return;
        }
        if (settings.finalizerRemoval() != null) {
            settings.finalizerRemoval().run(ctx, in);
        }
        try {
            if (!ctx.teardown(out)) {
                return;
            }
            ctx.destroy(out);
        } catch (NotFoundException alreadyGone) {
            // nothing holds the input any more
        }
        ctx.removeFinalizer(in.pointer(), name());
    }

    @Override
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) throws Exception {
        Kind kind = changed.pointer().kind();
        if (kind.equals(settings.output())) {
            return List.of(settings.unmap().unmap(changed.pointer()));
        }
        InputMapper mapper = mappers.get(kind);
        if (mapper == null) {
            throw new IllegalStateException("queue transform " + name() + " has no mapper for " + kind);
        }
        return mapper.map(ctx, changed);
    }
}
