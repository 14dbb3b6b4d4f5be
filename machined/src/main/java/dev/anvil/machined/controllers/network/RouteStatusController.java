package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.RouteStatus;
import dev.anvil.machinery.resources.network.Scope;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.Route;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes every route of the node's namespace (all tables) as a {@code RouteStatus}, read by a dump whenever
 * rtnetlink reports a route or link change. A table Anvil does not model yet shows as {@code unspec}.
 */
public final class RouteStatusController extends KernelWatching {
    public RouteStatusController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK | RtNetlinkWatch.ROUTES);
    }

    @Override
    public String name() {
        return "network.RouteStatusController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(RouteStatus.TYPE));
    }

    private record Dump(List<Link> links, List<Route> routes) {
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws Exception {
        Dump dump = network.call(rt -> new Dump(rt.links(), rt.routes()));
        Map<Integer, String> names = dump.links().stream().collect(Collectors.toMap(Link::index, Link::name));
        ctx.startTrackingOutputs();
        for (Route route : dump.routes()) {
            if (route.family() != Route.AF_INET && route.family() != Route.AF_INET6) {
                continue;
            }
            RouteStatus status = status(route, names.getOrDefault(route.outputLink(), ""));
            Specs.put(ctx, RouteStatus.KIND.pointer(status.id()), status);
        }
        ctx.cleanupOutputs(RouteStatus.KIND);
    }

    static RouteStatus status(Route route, String linkName) {
        Family family = route.family() == Route.AF_INET6 ? Family.INET6 : Family.INET4;
        NetIpPrefix destination = route.destination() == null ? null
                : NetIpPrefix.of(NetIp.of(route.destination()), route.prefixLength());
        return new RouteStatus(family, destination, route.source() == null ? null : NetIp.of(route.source()),
                route.gateway() == null ? null : NetIp.of(route.gateway()), route.outputLink(), linkName,
                RouteSpec.Table.of(route.table()), route.priority(), Scope.of(route.scope()),
                RouteSpec.Type.of(route.type()), route.flags(), RouteSpec.Protocol.of(route.protocol()), route.mtu());
    }
}
