package dev.anvil.machined.membership;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machinery.resources.cluster.Affiliate;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The affiliates this node knows, each until it expires, and this node's own, which does not; the one writer of the
 * {@code Affiliate} resources, which {@link #publish} makes match what it holds. An entry's expiry only moves later:
 * a node's own refresh sets it, and what others pass on carries the time it has left, so an entry passed around
 * among control planes still ends when its node stops refreshing it. Thread-safe.
 */
public final class AffiliateRegistry {
    static final String OWNER = "cluster.AffiliateRegistry";

    private final State state;
    private final InstantSource clock;
    private final Map<String, Held> learned = new HashMap<>();
    private Affiliate local;

    /** An affiliate and how much longer it holds; the local one holds for {@code ttl} of the caller. */
    public record Entry(Affiliate affiliate, Duration ttl) {
    }

    private record Held(Affiliate affiliate, long expiresAtMillis) {
    }

    public AffiliateRegistry(State state, InstantSource clock) {
        this.state = state;
        this.clock = clock;
    }

    /** This node's own affiliate: always listed, never expires, never replaced by what others say of this node. */
    public synchronized void local(Affiliate affiliate) {
        local = affiliate;
        learned.remove(affiliate.nodeId());
    }

    public synchronized Affiliate local() {
        return local;
    }

    /** Takes what another node says about an affiliate; a later expiry than the one held wins. */
    public synchronized void learn(Affiliate affiliate, Duration ttl) {
        if (local != null && local.nodeId().equals(affiliate.nodeId()) || ttl.isNegative() || ttl.isZero()) {
            return;
        }
        long expires = clock.millis() + ttl.toMillis();
        learned.merge(affiliate.nodeId(), new Held(affiliate, expires),
                (old, now) -> now.expiresAtMillis() >= old.expiresAtMillis() ? now : old);
    }

    /** Every affiliate held, the local one first with {@code localTtl}, the others with the time they have left. */
    public synchronized List<Entry> entries(Duration localTtl) {
        expire();
        List<Entry> entries = new ArrayList<>();
        if (local != null) {
            entries.add(new Entry(local, localTtl));
        }
        long now = clock.millis();
        for (Held held : new TreeMap<>(learned).values()) {
            entries.add(new Entry(held.affiliate(), Duration.ofMillis(held.expiresAtMillis() - now)));
        }
        return entries;
    }

    private void expire() {
        long now = clock.millis();
        learned.values().removeIf(h -> h.expiresAtMillis() <= now);
    }

    /** Makes the Affiliate resources hold exactly the affiliates held now: creates, updates, destroys. */
    public void publish() {
        Map<String, Affiliate> wanted = new TreeMap<>();
        synchronized (this) {
            expire();
            learned.forEach((id, held) -> wanted.put(id, held.affiliate()));
            if (local != null) {
                wanted.put(local.nodeId(), local);
            }
        }
        for (Resource<?> existing : state.list(Affiliate.KIND)) {
            if (!wanted.containsKey(existing.id())) {
                state.destroy(existing.pointer(), OWNER);
            }
        }
        for (Map.Entry<String, Affiliate> e : wanted.entrySet()) {
            Affiliate spec = e.getValue();
            state.modify(Resource.of(Affiliate.KIND.pointer(e.getKey()), spec), r -> r.withSpec(spec),
                    UpdateOptions.owner(OWNER));
        }
    }

    /** The IDs of the nodes held, this one included. */
    public synchronized Set<String> nodeIds() {
        expire();
        Set<String> ids = new java.util.TreeSet<>(learned.keySet());
        if (local != null) {
            ids.add(local.nodeId());
        }
        return ids;
    }
}
