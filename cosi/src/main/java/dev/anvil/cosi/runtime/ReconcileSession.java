package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.state.ListOptions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** The {@link ReconcileContext} of one reconcile: checked state access plus the controller's runtime calls. */
final class ReconcileSession implements ReconcileContext {
    private final ControllerAccess access;
    private final ControllerRunner runner;

    ReconcileSession(ControllerAccess access, ControllerRunner runner) {
        this.access = access;
        this.runner = runner;
    }

    @Override
    public void queueReconcile() {
        runner.queueReconcile();
    }

    @Override
    public void updateInputs(List<Input> inputs) {
        runner.updateInputs(inputs);
    }

    @Override
    public void requeueAfter(Duration interval) {
        access.requeueAfter(interval);
    }

    @Override
    public void startTrackingOutputs() {
        access.startTracking();
    }

    @Override
    public void cleanupOutputs(Kind... kinds) {
        access.cleanup(kinds);
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return access.get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return access.list(kind, options);
    }

    @Override
    public CompletableFuture<Void> teardownSignal(Pointer pointer) {
        return access.teardownSignal(pointer);
    }

    @Override
    public Resource<?> create(Resource<?> resource) {
        return access.create(resource);
    }

    @Override
    public Resource<?> update(Resource<?> resource) {
        return access.update(resource);
    }

    @Override
    public <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change, Phase phase) {
        return access.modify(empty, change, phase);
    }

    @Override
    public boolean teardown(Pointer pointer) {
        return access.teardown(pointer);
    }

    @Override
    public void destroy(Pointer pointer) {
        access.destroy(pointer);
    }

    @Override
    public boolean teardown(Pointer pointer, String owner) {
        return access.teardown(pointer, owner);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        access.destroy(pointer, owner);
    }

    @Override
    public void addFinalizer(Pointer pointer, String... finalizers) {
        access.addFinalizer(pointer, finalizers);
    }

    @Override
    public void removeFinalizer(Pointer pointer, String... finalizers) {
        access.removeFinalizer(pointer, finalizers);
    }
}
