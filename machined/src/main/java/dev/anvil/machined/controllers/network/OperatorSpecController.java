package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.etcd.EtcdService;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.dhcp4.Lease;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.TimeServerSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs the operators the merged {@code OperatorSpec}s ask for (DHCPv4 clients, VIP elections) and publishes what each
 * learnt in the {@code operator} layer of {@code network-config}, under Talos's IDs: the operator's ID, then the
 * spec's own ({@code dhcp4/eth0/eth0/10.5.0.7/24}, {@code dhcp4/eth0/inet4/10.5.0.1//1024}, {@code
 * dhcp4/eth0/resolvers}...). The merge controllers take them from there.
 *
 * <p>An operator whose spec is gone is stopped and gives its lease back (RELEASE); one whose settings changed is
 * restarted without releasing; all are stopped with release when the runtime stops (the node shuts down). The
 * running operators are this controller's only state between reconciles, as in Talos: they are the world it
 * reconciles with. Talos starts an operator only once the link is up (LinkStatus); until the link controllers
 * exist here, the client starts at once and retransmits until the link carries its messages.
 */
public final class OperatorSpecController implements Controller {
    /** An operator at work. */
    public interface Running {
        OperatorSpec spec();

        /** The DHCP lease a DHCP operator holds. */
        default Optional<Lease> lease() {
            return Optional.empty();
        }

        /** The addresses an operator holds outside a lease: a VIP's shared IP while it is this node's. */
        default List<AddressSpec> addresses() {
            return List.of();
        }

        void stop(boolean release);
    }

    private static final List<Kind> OUTPUTS = List.of(AddressSpec.CONFIG_KIND, LinkSpec.CONFIG_KIND,
            RouteSpec.CONFIG_KIND, HostnameSpec.CONFIG_KIND, ResolverSpec.CONFIG_KIND, TimeServerSpec.CONFIG_KIND);

    private final BiFunction<OperatorSpec, Runnable, Running> factory;
    private final Map<String, Running> running = new HashMap<>();
    private volatile Runnable queueReconcile = () -> { };

    /** The real operators, without etcd: DHCPv4 clients on the node's links; VIPs are never held. */
    public OperatorSpecController() {
        this(Optional::empty);
    }

    /** The real operators: DHCPv4 clients on the node's links, VIPs elected through this node's etcd once it runs. */
    public OperatorSpecController(Supplier<Optional<EtcdService>> etcd) {
        this((spec, changed) -> spec.operator() == OperatorSpec.Operator.VIP
                ? new VipOperator(spec, changed, etcd) : new Dhcp4Operator(spec, changed));
    }

    OperatorSpecController(BiFunction<OperatorSpec, Runnable, Running> factory) {
        this.factory = factory;
    }

    @Override
    public String name() {
        return "network.OperatorSpecController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(OperatorSpec.KIND.namespace(), OperatorSpec.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return OUTPUTS.stream().map(k -> Output.shared(k.type())).toList();
    }

    @Override
    public void started(Runnable queue) {
        queueReconcile = queue;
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Map<String, OperatorSpec> wanted = new LinkedHashMap<>();
        for (Resource<?> r : ctx.list(OperatorSpec.KIND)) {
            OperatorSpec spec = r.as(OperatorSpec.class).spec();
            if (r.metadata().phase() == Phase.RUNNING && (spec.operator() == OperatorSpec.Operator.DHCP4
                    || spec.operator() == OperatorSpec.Operator.VIP && spec.vip() != null)) {
                wanted.put(r.id(), spec);
            }
        }
        synchronized (running) {
            running.entrySet().removeIf(e -> {
                OperatorSpec spec = wanted.get(e.getKey());
                if (spec != null && spec.sameAs(e.getValue().spec())) {
                    return false;
                }
                Log.info(spec == null ? "stopping operator" : "restarting operator", "operator", e.getKey());
                e.getValue().stop(spec == null);
                return true;
            });
            wanted.forEach((id, spec) -> running.computeIfAbsent(id, i -> {
                Log.info("starting operator", "operator", id);
                return factory.apply(spec, () -> queueReconcile.run());
            }));

            ctx.startTrackingOutputs();
            running.forEach((id, operator) -> {
                operator.lease().ifPresent(lease -> publish(ctx, id, operator.spec(), lease));
                operator.addresses().forEach(a -> put(ctx, AddressSpec.CONFIG_KIND, prefix(operator.spec()), a.id(),
                        a));
            });
        }
        ctx.cleanupOutputs(OUTPUTS.toArray(Kind[]::new));
    }

    private static void publish(ReconcileContext ctx, String id, OperatorSpec spec, Lease lease) {
        Dhcp4LeaseSpecs specs = Dhcp4LeaseSpecs.of(lease, spec.linkName(), spec.dhcp4().routeMetric(),
                !spec.dhcp4().skipHostnameRequest(), !spec.dhcp4().skipRoutes());
        specs.addresses().forEach(s -> put(ctx, AddressSpec.CONFIG_KIND, id, s.id(), s));
        specs.links().forEach(s -> put(ctx, LinkSpec.CONFIG_KIND, id, s.name(), s));
        specs.routes().forEach(s -> put(ctx, RouteSpec.CONFIG_KIND, id, s.id(), s));
        specs.hostnames().forEach(s -> put(ctx, HostnameSpec.CONFIG_KIND, id, HostnameSpec.ID, s));
        specs.resolvers().forEach(s -> put(ctx, ResolverSpec.CONFIG_KIND, id, ResolverSpec.ID, s));
        specs.timeServers().forEach(s -> put(ctx, TimeServerSpec.CONFIG_KIND, id, TimeServerSpec.ID, s));
    }

    /** Talos's operator prefix of the specs it publishes: {@code vip/eth0}. */
    private static String prefix(OperatorSpec spec) {
        return spec.operator().name().toLowerCase(java.util.Locale.ROOT) + "/" + spec.linkName();
    }

    private static void put(ReconcileContext ctx, Kind kind, String operator, String id, Spec spec) {
        Specs.put(ctx, kind.pointer(operator + "/" + id), spec);
    }

    /** The node stops: every operator gives its lease back. */
    @Override
    public void stopped() {
        synchronized (running) {
            running.values().forEach(r -> r.stop(true));
            running.clear();
        }
    }
}
