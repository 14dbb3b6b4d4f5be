package dev.anvil.machined.controllers.network;

import dev.anvil.machined.etcd.EtcdClient;
import dev.anvil.machined.etcd.EtcdService;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.Scope;
import dev.anvil.sys.Hostname;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A shared IP held by one control plane at a time (Talos's Layer2 VIP operator), elected through etcd: the node
 * whose lease owns the key {@code talos:v1:vip:election:<ip>} (Talos's election prefix for it) holds the IP, which
 * it publishes as a /32 (or /128) AddressSpec on the link, announced with gratuitous ARP; the others wait for the
 * key to go and claim it then.
 *
 * <p>The lease lives {@link #TTL} (Talos's sessions live 60 s; a short lease lets the IP move within seconds when
 * its holder dies, at the price of a keep-alive a second). The holder renews it every second and gives the IP up as
 * soon as it has not renewed it for {@link #STEP_DOWN}, before etcd can expire it and let another node take it: two
 * holders at once would split the IP's traffic. A node that stops (the operator stops) gives the IP up and revokes
 * its lease, which deletes the key, so another takes over at its next claim, within a second. Runs on a virtual
 * thread (its blocking is gRPC's); etcd is this node's own member, once its service exists.
 */
final class VipOperator implements OperatorSpecController.Running {
    static final long TTL = 5;
    private static final Duration STEP_DOWN = Duration.ofSeconds(TTL - 1);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration CALL = Duration.ofSeconds(2);

    private final OperatorSpec spec;
    private final Runnable changed;
    private final Supplier<Optional<EtcdService>> etcd;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean leader;
    private boolean stopping;
    /** Why the last campaign failed, until one runs again; only the campaign's thread uses it. */
    private String failing;

    VipOperator(OperatorSpec spec, Runnable changed, Supplier<Optional<EtcdService>> etcd) {
        this.spec = spec;
        this.changed = changed;
        this.etcd = etcd;
        this.thread = Thread.ofVirtual().name("vip " + spec.linkName()).start(this::run);
    }

    /** Talos's election prefix for this IP, the key the holder's lease owns. */
    String key() {
        return "talos:v1:vip:election:" + spec.vip().ip();
    }

    @Override
    public OperatorSpec spec() {
        return spec;
    }

    @Override
    public List<AddressSpec> addresses() {
        if (!leader) {
            return List.of();
        }
        NetIp ip = spec.vip().ip();
        return List.of(new AddressSpec(NetIpPrefix.of(ip, ip.is6() ? 128 : 32), spec.linkName(),
                ip.is6() ? Family.INET6 : Family.INET4, Scope.GLOBAL, AddressSpec.Flags.PERMANENT,
                !ip.is6() && spec.vip().gratuitousArp(), 0, ConfigLayer.OPERATOR));
    }

    @Override
    public void stop(boolean release) {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        try {
            thread.join(CALL.multipliedBy(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hold(false);
    }

    private void run() {
        while (!stopped(Duration.ZERO)) {
            Optional<EtcdService> service = etcd.get();
            if (service.isPresent()) {
                try (EtcdClient client = service.get().local()) {
                    campaign(client);
                } catch (RuntimeException e) {
                    // retried every PERIOD: said once per reason, not every time (etcd takes a while to come up)
                    if (!String.valueOf(e.getMessage()).equals(failing)) {
                        failing = String.valueOf(e.getMessage());
                        Log.warn("VIP campaign failed; retrying", "ip", spec.vip().ip().toString(), "error",
                                failing);
                    }
                }
                hold(false);
            }
            stopped(PERIOD);
        }
    }

    /** Holds the key with a lease for as long as etcd keeps answering, or waits for it; revokes the lease at the end. */
    private void campaign(EtcdClient client) {
        long lease = client.grantLease(TTL, CALL);
        if (failing != null) {
            failing = null;
            Log.info("VIP campaign running again", "ip", spec.vip().ip().toString());
        }
        String me = Hostname.get();
        try {
            long renewed = System.nanoTime();
            while (!stopped(Duration.ZERO)) {
                long sent = System.nanoTime();
                try {
                    if (client.keepAlive(lease, within(renewed)) <= 0) {
                        Log.warn("VIP lease expired", "ip", spec.vip().ip().toString());
                        return;
                    }
                    renewed = sent;
                    EtcdClient.Holder holder = client.claim(key(), me, lease, within(renewed));
                    hold(holder.lease() == lease && System.nanoTime() - renewed < STEP_DOWN.toNanos());
                } catch (RuntimeException e) {
                    long since = System.nanoTime() - renewed;
                    if (since >= STEP_DOWN.toNanos()) {
                        hold(false);
                    }
                    if (since >= Duration.ofSeconds(TTL).toNanos()) {
                        throw e;
                    }
                }
                stopped(PERIOD);
            }
        } finally {
            hold(false);
            try {
                client.revokeLease(lease, CALL);
            } catch (RuntimeException e) {
                Log.info("VIP lease not revoked (etcd unreachable), it expires", "ip",
                        spec.vip().ip().toString(), "error", e.getMessage());
            }
        }
    }

    /**
     * The deadline of a call made while holding the IP: it must not outlast the moment the holder steps down, so
     * that a stuck call cannot keep the IP here after etcd has expired the lease.
     */
    private Duration within(long renewed) {
        long left = STEP_DOWN.toNanos() - (System.nanoTime() - renewed);
        return leader ? Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(), Math.min(left, CALL.toNanos())))
                : CALL;
    }

    private void hold(boolean now) {
        if (leader != now) {
            leader = now;
            Log.info(now ? "enabled shared IP" : "removing shared IP", "link", spec.linkName(), "ip",
                    spec.vip().ip().toString());
            changed.run();
        }
    }

    /** Waits up to {@code wait} unless stopping; true once the operator stops. */
    private boolean stopped(Duration wait) {
        synchronized (lock) {
            if (!stopping && !wait.isZero()) {
                try {
                    lock.wait(wait.toMillis());
                } catch (InterruptedException e) {
                    stopping = true;
                }
            }
            return stopping;
        }
    }
}
