package dev.anvil.cosi.runtime;

import dev.anvil.cosi.state.State;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs controllers over a state.
 *
 * <p>Lifecycle: register controllers (before or after start), then {@link #run()} (blocks), or {@link #start()}
 * (returns) and later {@link #awaitTermination()}, and finally {@link #close()}. Guarantees: a controller's initial
 * reconcile is queued at registration; registration after start starts the controller at once; {@link #close()}
 * stops every thread the runtime started (controllers' reconciles are interrupted, which is not a crash) and returns
 * only when they are all gone, then runs the queue controllers' shutdown hooks. A failed watch stops the runtime:
 * {@link #run()} throws {@link ControllerRuntimeException} "controller runtime watch error: ...". The runtime
 * starts once.
 *
 * <p>Design: one watch per (namespace, type) any controller reads feeds a deduplicating {@code TriggerPipeline},
 * whose one dispatcher wakes the dependent controllers; each controller runs on threads of its own, so a slow one
 * delays nobody else. Kinds named in {@link RuntimeOptions#cachedKinds()} are also mirrored in a read cache.
 *
 * <p>Every write a controller makes is owned by the controller's name and checked against its declared outputs;
 * see {@link ControllerReader} and {@link ControllerWriter}. The runtime never writes on its own.
 */
public final class ControllerRuntime implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private enum Status { NEW, RUNNING, STOPPED }

    private final State state;
    private final ReadCache cache;
    private final DependencyDatabase database = new DependencyDatabase();
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final RuntimeThreads threads;
    private final ChangeRateLimit changeRateLimit;
    private final TriggerPipeline pipeline;
    private final Map<String, Runner> runners = new LinkedHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Status status = Status.NEW;

    public ControllerRuntime(State state) {
        this(state, RuntimeOptions.DEFAULT);
    }

    public ControllerRuntime(State state, RuntimeOptions options) {
        this.state = state;
        this.cache = new ReadCache(options.cachedKinds());
        this.threads = new RuntimeThreads(options.threadFactory(), "cosi-runtime ");
        this.changeRateLimit = options.changeRateLimit();
        this.pipeline = new TriggerPipeline(state, threads, cache, this::dispatch, this::watchFailed);
        cache.kinds().forEach(pipeline::watch);
        metrics.cachedResources(() -> cache.kinds().stream().collect(
                Collectors.toMap(Function.identity(), kind -> cache.kind(kind).size())));
    }

    /** Registers a full-reconcile controller and queues its first reconcile. */
    public synchronized void register(Controller controller) {
        List<Input> inputs = List.copyOf(controller.inputs());
        for (Input input : inputs) {
            if (input.kind().queued()) {
                throw new IllegalArgumentException("controller \"" + controller.name()
                        + "\" is not a queue controller and cannot declare " + input);
            }
        }
        Declaration declaration = add(controller.name(), inputs, controller.outputs());
        ControllerRunner runner = new ControllerRunner(controller, declaration,
                metrics.register(controller.name(), false), state, cache, changeRateLimit, this::updateInputs);
        runner.queueReconcile();
        launch(runner);
    }

    /** Registers a queue controller; at start (or now, if started) every primary resource is queued. */
    public synchronized void register(QController controller) {
        QSettings settings = controller.settings();
        for (Input input : settings.inputs()) {
            if (!input.kind().queued()) {
                throw new IllegalArgumentException("queue controller \"" + controller.name()
                        + "\" cannot declare " + input);
            }
        }
        Declaration declaration = add(controller.name(), settings.inputs(), settings.outputs());
        launch(new QControllerRunner(controller, settings, declaration, metrics.register(controller.name(), true),
                state, cache, changeRateLimit));
    }

    private Declaration add(String name, List<Input> inputs, List<Output> outputs) {
        if (status == Status.STOPPED) {
            throw new IllegalStateException("the controller runtime is stopped");
        }
        if (runners.containsKey(name)) {
            throw new IllegalArgumentException("controller \"" + name + "\" is already registered");
        }
        // inputs are checked before outputs are added, so a refused registration leaves the database as it was
        DependencyDatabase.checkInputs(name, inputs);
        database.addOutputs(name, outputs);
        database.setInputs(name, inputs);
        inputs.forEach(input -> pipeline.watch(input.resourceKind()));
        return new Declaration(name, inputs, outputs);
    }

    private void launch(Runner runner) {
        runners.put(runner.name(), runner);
        if (status == Status.RUNNING) {
            runner.start(threads);
        }
    }

    private void updateInputs(String controller, List<Input> inputs) {
        database.setInputs(controller, inputs);
        inputs.forEach(input -> pipeline.watch(input.resourceKind()));
    }

    /** Starts watching and every registered controller; returns at once. */
    public synchronized void start() {
        if (status != Status.NEW) {
            throw new IllegalStateException("runtime has already been started");
        }
        status = Status.RUNNING;
        pipeline.start();
        runners.values().forEach(runner -> runner.start(threads));
    }

    /**
     * Starts the runtime and blocks until {@link #close()} is called (then returns normally) or a watch fails (then
     * stops everything and throws). Interrupting the caller stops the runtime too.
     */
    public void run() throws InterruptedException {
        start();
        awaitTermination();
    }

    /**
     * Blocks until the runtime is closed (returns normally) or a watch fails (stops everything, then throws
     * {@link ControllerRuntimeException}). Interrupting the caller stops the runtime too.
     */
    public void awaitTermination() throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            close();
            throw (ControllerRuntimeException) e.getCause();
        } finally {
            close();
        }
    }

    /**
     * Queues a reconcile of a full-reconcile controller for a change outside the state, as a Go controller also
     * selects on channels of its own (Talos's MachineStatusController on the boot sequence's events). Coalesces with
     * a pending reconcile like any trigger; before start the reconcile waits for the start.
     */
    public void queueReconcile(String controller) {
        Runner runner;
        synchronized (this) {
            runner = runners.get(controller);
        }
        if (!(runner instanceof ControllerRunner plain)) {
            throw new IllegalArgumentException("no full-reconcile controller \"" + controller + "\" is registered");
        }
        plain.queueReconcile();
    }

    public DependencyGraph dependencyGraph() {
        return database.export();
    }

    /** Adds a listener told of every reconcile's end from now on, success or failure ({@link ReconcileListener}). */
    public void onReconcile(ReconcileListener listener) {
        metrics.addListener(listener);
    }

    public RuntimeMetrics metrics() {
        return metrics;
    }

    /**
     * The state with gets and lists of cached kinds served from the runtime's cache (eventually consistent with the
     * state; reads block until the kind's initial contents are in), everything else passed through.
     */
    public State cachedState() {
        return new CachedState(state, cache);
    }

    private void dispatch(ReducedMetadata change) {
        for (DependencyDatabase.Subscription subscription : database.dependents(change.pointer())) {
            Runner runner;
            synchronized (this) {
                runner = runners.get(subscription.controller());
            }
            // absent only if its registration failed after its inputs were recorded (opening a watch threw)
            if (runner != null) {
                runner.trigger(subscription.input(), change);
            }
        }
    }

    private void watchFailed(RuntimeException cause) {
        done.completeExceptionally(new ControllerRuntimeException(
                "controller runtime watch error: " + cause.getMessage(), cause));
    }

    /** Stops every thread of the runtime and waits for them; idempotent. */
    @Override
    public void close() {
        List<Runner> stopping;
        synchronized (this) {
            if (status == Status.STOPPED) {
                return;
            }
            status = Status.STOPPED;
            stopping = new ArrayList<>(runners.values());
        }
        try {
            pipeline.close();
            threads.stop(STOP_TIMEOUT);
            stopping.forEach(Runner::stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the controller runtime", e);
        } finally {
            // run() must return even when stopping failed
            done.complete(null);
        }
    }
}
