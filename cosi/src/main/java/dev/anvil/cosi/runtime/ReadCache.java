package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The runtime's read cache: one {@link KindCache} per configured kind, filled from the runtime's own watch.
 *
 * <p>Consistency: eventually consistent. The cache is updated before controllers are woken for a change, so a woken
 * controller sees at least that change; but a controller's own write is not in the cache until the watch reports
 * it, so a read right after a write may return the older value (the write's event then wakes it again). Reads of a
 * cached kind are not counted as state reads, since they do not reach the state.
 */
final class ReadCache {
    private final Map<Kind, KindCache> kinds;

    ReadCache(Set<Kind> cached) {
        this.kinds = cached.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), KindCache::new));
    }

    boolean handles(Kind kind) {
        return kinds.containsKey(kind);
    }

    Set<Kind> kinds() {
        return kinds.keySet();
    }

    /** The cache of a configured kind; asking for another kind is a programming error. */
    KindCache kind(Kind kind) {
        KindCache cache = kinds.get(kind);
        if (cache == null) {
            throw new IllegalArgumentException(kind + " is not cached");
        }
        return cache;
    }
}
