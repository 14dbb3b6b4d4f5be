package dev.anvil.machined.controllers;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.runtime.MachineConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Controllers under test with the real runtime over an in-memory state, and the boot code's one write: the active
 * config. Waits are bounded; a check that never holds fails the test with the state it last saw.
 */
public final class RuntimeHarness implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    public final InMemoryState state = new InMemoryState();
    public final ControllerRuntime runtime = new ControllerRuntime(state);

    public RuntimeHarness(List<? extends Controller> controllers) {
        controllers.forEach(runtime::register);
        runtime.start();
    }

    public RuntimeHarness(Controller... controllers) {
        this(List.of(controllers));
    }

    /** Writes the active config as machined's boot code does (a config update is the same call again). */
    public void config(String yaml) {
        MachineConfig spec = new MachineConfig(yaml);
        state.modify(Resource.of(MachineConfig.ACTIVE, spec), r -> r.withSpec(spec), UpdateOptions.owner("machined"));
    }

    public void removeConfig() {
        state.destroy(MachineConfig.ACTIVE, "machined");
    }

    public <S extends Spec> Optional<S> find(Pointer pointer, Class<S> type) {
        try {
            return Optional.of(state.get(pointer, type).spec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Waits until the resource exists and its spec satisfies {@code check}; returns that spec. */
    public <S extends Spec> S awaitMatching(Pointer pointer, Class<S> type, Predicate<S> check) {
        await().atMost(WAIT).until(() -> find(pointer, type).filter(check).isPresent());
        return find(pointer, type).orElseThrow();
    }

    /** Waits until the resource holds {@code expected}. */
    public <S extends Spec> void awaitSpec(Pointer pointer, S expected) {
        await().atMost(WAIT).until(() -> find(pointer, Spec.class).filter(expected::equals).isPresent());
    }

    public void awaitAbsent(Pointer pointer) {
        await().atMost(WAIT).until(() -> find(pointer, Spec.class).isEmpty());
    }

    /** Waits until the kind's specs by ID equal {@code expected}. */
    public <S extends Spec> void awaitAll(Kind kind, Class<S> type, Map<String, S> expected) {
        await().atMost(WAIT).until(() -> all(kind, type).equals(expected));
    }

    public <S extends Spec> Map<String, S> all(Kind kind, Class<S> type) {
        Map<String, S> all = new TreeMap<>();
        state.list(kind).forEach(r -> all.put(r.id(), r.as(type).spec()));
        return all;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
