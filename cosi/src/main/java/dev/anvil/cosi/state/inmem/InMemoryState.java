package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory state. Each kind (namespace and type) is an independent {@link KindStore} with its own lock and
 * event history, so busy kinds neither slow nor overrun quiet ones.
 */
public final class InMemoryState implements State {
    private final HistoryOptions history;
    private final ConcurrentHashMap<Kind, KindStore> kinds = new ConcurrentHashMap<>();

    public InMemoryState() {
        this(HistoryOptions.DEFAULT);
    }

    public InMemoryState(HistoryOptions history) {
        this.history = history;
    }

    private KindStore store(Kind kind) {
        KindStore store = kinds.get(kind);
        return store != null ? store : kinds.computeIfAbsent(kind, k -> new KindStore(k, history));
    }

    /**
     * How many resources each kind holds now, for kinds ever touched (a kind emptied again counts 0). Each count is
     * exact at its moment; the map is no snapshot across kinds.
     */
    public Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new TreeMap<>(Comparator.comparing(Kind::namespace).thenComparing(Kind::type));
        kinds.forEach((kind, store) -> counts.put(kind, store.size()));
        return counts;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return store(pointer.kind()).get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return store(kind).list(options);
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        return store(resource.metadata().kind()).create(resource, owner);
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        return store(resource.metadata().kind()).update(resource, options);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        store(pointer.kind()).destroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        return store(pointer.kind()).watch(pointer.id(), options);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        return store(kind).watchKind(options);
    }
}
