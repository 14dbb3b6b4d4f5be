package dev.anvil.machined.membership;

import dev.anvil.api.membership.AffiliateEntry;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.server.trustd.TrustdClient;
import dev.anvil.machinery.resources.cluster.Affiliate;
import dev.anvil.machinery.resources.network.NetIp;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cluster membership without a discovery service. Every {@link #REFRESH} this node makes its own affiliate anew,
 * then, with discovery enabled, sends it to every control plane it knows (first the host of
 * {@code cluster.controlPlane.endpoint}, then every control plane among the affiliates it learns) over Anvil's
 * MembershipService on their trustd port, and takes the affiliates each answers with. A control plane sends what
 * it learned too, so control planes pass on to each other what each was told. Entries carry the time they have
 * left ({@link #TTL} when their node sends them), so a node that stops refreshing disappears everywhere once that
 * runs out. With discovery disabled the node knows only itself.
 */
public final class Membership implements AutoCloseable {
    public static final Duration TTL = Duration.ofSeconds(15);
    public static final Duration REFRESH = Duration.ofSeconds(3);

    private final AffiliateRegistry registry;
    private final Supplier<Affiliate> local;
    private final TrustdClient trustd;
    private final List<String> seeds;
    private final boolean controlPlane;
    private final Map<String, Boolean> reachable = new HashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread loop;

    /**
     * @param local        makes this node's affiliate as it is now (addresses and hostname may change)
     * @param trustd       the client of the control planes' trustd, or null when discovery is disabled
     * @param seeds        the control planes known from the config (the endpoint's host)
     * @param controlPlane whether this node is one (then it passes on what it learned)
     */
    public Membership(AffiliateRegistry registry, Supplier<Affiliate> local, TrustdClient trustd, List<String> seeds,
            boolean controlPlane) {
        this.registry = registry;
        this.local = local;
        this.trustd = trustd;
        this.seeds = List.copyOf(seeds);
        this.controlPlane = controlPlane;
    }

    /** Refreshes once now (this node's affiliate is published before this returns), then every {@link #REFRESH}. */
    public void start() {
        registry.local(local.get());
        registry.publish();
        loop = Thread.ofVirtual().name("membership").start(() -> {
            try {
                do {
                    refresh();
                } while (!closed.await(REFRESH.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** One round: this node's affiliate, an exchange with each control plane known, expired entries dropped. */
    void refresh() {
        try {
            registry.local(local.get());
            if (trustd != null) {
                List<AffiliateEntry> sent = AffiliateEntries.encode(controlPlane ? registry.entries(TTL)
                        : registry.entries(TTL).subList(0, 1));
                for (String target : targets()) {
                    exchange(target, sent);
                }
            }
            registry.publish();
        } catch (RuntimeException e) {
            Log.warn("membership refresh failed", "error", String.valueOf(e.getMessage()));
        }
    }

    private void exchange(String target, List<AffiliateEntry> sent) {
        try {
            for (AffiliateRegistry.Entry entry : AffiliateEntries.decode(trustd.register(target, sent))) {
                registry.learn(entry.affiliate(), entry.ttl().compareTo(TTL) > 0 ? TTL : entry.ttl());
            }
            if (!Boolean.TRUE.equals(reachable.put(target, true))) {
                Log.info("registered with a control plane", "address", target);
            }
        } catch (RuntimeException e) {
            if (!Boolean.FALSE.equals(reachable.put(target, false))) {
                Log.warn("cannot register with a control plane", "address", target, "error",
                        String.valueOf(e.getMessage()));
            }
        }
    }

    /** The control planes to call: the seeds and each control plane affiliate's first address, less this node. */
    Set<String> targets() {
        Affiliate self = registry.local();
        Set<String> own = new LinkedHashSet<>();
        self.addresses().forEach(a -> own.add(a.toString()));
        Set<String> targets = new LinkedHashSet<>(seeds);
        for (AffiliateRegistry.Entry entry : registry.entries(TTL)) {
            Affiliate a = entry.affiliate();
            if (a.machineType() != null && a.machineType().isControlPlane() && !a.nodeId().equals(self.nodeId())
                    && !a.addresses().isEmpty()) {
                NetIp first = a.addresses().getFirst();
                targets.add(first.toString());
            }
        }
        targets.removeAll(own);
        return targets;
    }

    @Override
    public void close() {
        closed.countDown();
        if (loop != null) {
            loop.interrupt();
        }
    }
}
