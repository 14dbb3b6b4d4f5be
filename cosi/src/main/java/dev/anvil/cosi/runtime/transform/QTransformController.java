package dev.anvil.cosi.runtime.transform;

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

import java.util.List;
import java.util.Optional;

/**
 * The queue version of {@link TransformController} (cosi.md section 4, "qtransform"): each input is reconciled on
 * its own, so one slow or failing input delays only itself.
 *
 * <p>A running input gets the controller's finalizer and its output written; an output that is still tearing down
 * from an earlier generation of the input is destroyed first if it can be, else waited for. A tearing-down input
 * has its finalizer removal run, its output torn down and destroyed, and then its finalizer released. The output
 * type is a mapped destroy-ready input, so an output whose foreign finalizers are released wakes its input again.
 */
public final class QTransformController<I extends Spec, O extends Spec> implements QController {
    private final QTransformSettings<I, O> settings;

    public QTransformController(QTransformSettings<I, O> settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public QSettings settings() {
        return QSettings.of(List.of(Input.qPrimary(settings.input().namespace(), settings.input().type()),
                                Input.qMappedDestroyReady(settings.output().namespace(), settings.output().type())),
                        List.of(new Output(settings.output().type(), settings.outputKind())))
                .withConcurrency(settings.concurrency());
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
        if (in.metadata().phase() == Phase.RUNNING) {
            write(ctx, in, mapped.get());
        } else {
            finish(ctx, in, mapped.get().pointer());
        }
    }

    private void write(QContext ctx, Resource<I> in, Resource<O> empty) {
        if (!in.metadata().hasFinalizer(name())) {
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
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
        return List.of(settings.unmap().unmap(changed.pointer()));
    }
}
