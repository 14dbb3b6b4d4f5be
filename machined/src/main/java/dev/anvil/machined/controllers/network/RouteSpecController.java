package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.RouteStatus;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.Route;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the merged route specs to the kernel, as Talos's RouteSpecController: routes are matched by family,
 * destination, gateway, table and metric; a match that differs in scope, protocol, type, output link, source or MTU
 * is deleted and the route added again; a route whose output link is not there yet waits for a link change. Each
 * applied spec carries this controller's finalizer; when the spec is torn down its routes are deleted and the
 * finalizer removed. Route and link statuses are inputs, so a route deleted by hand is put back.
 */
public final class RouteSpecController extends KernelSpecApplier<RouteSpec> {
    public RouteSpecController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK | RtNetlinkWatch.ROUTES, RouteSpec.KIND, RouteSpec.class, RouteStatus.TYPE);
    }

    @Override
    public String name() {
        return "network.RouteSpecController";
    }

    /** The kernel route a spec asks for, with its output link resolved (0 for none). */
    static Route wanted(RouteSpec spec, int linkIndex) {
        return new Route(spec.family() == Family.INET6 ? Route.AF_INET6 : Route.AF_INET,
                spec.destination() == null ? null : spec.destination().address().toInetAddress(),
                spec.destination() == null ? 0 : spec.destination().prefixLength(),
                spec.source() == null ? null : spec.source().toInetAddress(),
                spec.gateway() == null ? null : spec.gateway().toInetAddress(), linkIndex, spec.table().number(),
                spec.priority(), spec.scope().number(), spec.type().ordinal(), spec.protocol().number(), 0,
                spec.mtu());
    }

    /** Talos's match: family, destination, gateway, table and metric (IPv6's 0 is the kernel's 1024). */
    static boolean matches(Route existing, Route wanted) {
        return existing.family() == wanted.family() && existing.prefixLength() == wanted.prefixLength()
                && (wanted.prefixLength() == 0 || Objects.equals(existing.destination(), wanted.destination()))
                && Objects.equals(existing.gateway(), wanted.gateway()) && existing.table() == wanted.table()
                && (existing.priority() == wanted.priority() || wanted.family() == Route.AF_INET6
                && wanted.priority() == 0 && existing.priority() == RouteSpec.DEFAULT_METRIC);
    }

    private static boolean same(Route existing, Route wanted) {
        return existing.scope() == wanted.scope() && existing.protocol() == wanted.protocol()
                && existing.type() == wanted.type()
                && (wanted.outputLink() == 0 || existing.outputLink() == wanted.outputLink())
                && (wanted.source() == null || wanted.source().equals(existing.source()))
                && existing.mtu() == wanted.mtu();
    }

    @Override
    void sync(RtNetlink rt, RouteSpec spec, Phase phase) {
        Optional<Link> link = AddressSpecController.link(rt.links(), spec.outLinkName());
        boolean needsLink = spec.outLinkName() != null && !spec.outLinkName().isEmpty();
        if (needsLink && link.isEmpty() && phase == Phase.RUNNING) {
            return;
        }
        Route wanted = wanted(spec, link.map(Link::index).orElse(0));
        boolean found = false;
        for (Route existing : rt.routes()) {
            if (!matches(existing, wanted)) {
                continue;
            }
            if (phase == Phase.RUNNING && same(existing, wanted)) {
                found = true;
                continue;
            }
            rt.deleteRoute(existing);
            Log.info(phase == Phase.RUNNING ? "removed route that differs" : "deleted route", "route", spec.id());
        }
        if (!found && phase == Phase.RUNNING) {
            rt.addRoute(wanted);
            Log.info("created route", "route", spec.id(), "link", spec.outLinkName());
        }
    }
}
