package dev.anvil.machined.server.proxy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a call's routing metadata as Talos's apid director does. {@code proxyfrom} means a node already forwarded
 * the call, so it is served here whatever else it says; {@code nodes} (any number of values) sends it to each
 * target, for the methods of the services Talos lets fan out; {@code node} (exactly one value) relays it to that
 * target; neither serves it here. A target that names this node is served here too, without a network hop.
 *
 * <p>A node without a client certificate of its own (a worker, until trustd issues it one) cannot reach other
 * nodes: a call naming another node ends with FAILED_PRECONDITION saying so, instead of Talos's PERMISSION_DENIED
 * "no request forwarding" of a node whose routing is off.
 */
final class Router {
    static final Metadata.Key<String> NODE = Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> NODES = Metadata.Key.of("nodes", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> PROXY_FROM = Metadata.Key.of("proxyfrom", Metadata.ASCII_STRING_MARSHALLER);

    /** Talos lets only these services' methods go to several nodes at once; the COSI state goes to one at most. */
    private static final List<String> FAN_OUT_SERVICES = List.of("/machine.MachineService/",
            "/cluster.ClusterService/", "/inspect.InspectService/", "/storage.StorageService/",
            "/time.TimeService/");
    private static final Route LOCAL = new Route.Local();

    private final Predicate<String> isLocal;
    private final boolean canForward;

    /**
     * @param isLocal    whether a target names this node (its hostname or one of its addresses)
     * @param canForward whether this node holds a client certificate to call other nodes with
     */
    Router(Predicate<String> isLocal, boolean canForward) {
        this.isLocal = isLocal;
        this.canForward = canForward;
    }

    /** The route of a call to {@code fullMethod} ("/service/Method"); a request that cannot be routed fails. */
    Route route(String fullMethod, Metadata headers) throws StatusException {
        if (headers.containsKey(PROXY_FROM)) {
            return LOCAL;
        }
        List<String> node = values(headers, NODE);
        List<String> nodes = values(headers, NODES);
        if (node.size() > 1) {
            throw invalid("node metadata must be single-valued");
        }
        if (!nodes.isEmpty()) {
            if (FAN_OUT_SERVICES.stream().noneMatch(fullMethod::startsWith)) {
                throw invalid("one-2-many proxying is not supported for method " + fullMethod);
            }
            for (String target : nodes) {
                checkReachable(target);
            }
            return new Route.FanOut(nodes);
        }
        if (node.isEmpty()) {
            return LOCAL;
        }
        String target = node.getFirst();
        checkReachable(target);
        return isLocal.test(target) ? LOCAL : new Route.Single(target);
    }

    private void checkReachable(String target) throws StatusException {
        if (target.isBlank() || hasPort(target)) {
            throw invalid("invalid target \"" + target + "\": name a node by its address or hostname, without"
                    + " a port");
        }
        if (!canForward && !isLocal.test(target)) {
            throw Status.FAILED_PRECONDITION.withDescription("this node cannot forward requests to " + target
                    + ": it has no client certificate of its own (a worker gets one from trustd, which Anvil does"
                    + " not run yet); send the request to a control plane node, or to " + target + " itself")
                    .asException();
        }
    }

    /** "host:port" or "[v6]:port"; a bare IPv6 address has colons but no port. */
    static boolean hasPort(String target) {
        if (target.startsWith("[")) {
            return target.contains("]:");
        }
        return target.indexOf(':') >= 0 && target.indexOf(':') == target.lastIndexOf(':');
    }

    private static List<String> values(Metadata headers, Metadata.Key<String> key) {
        Iterable<String> all = headers.getAll(key);
        List<String> list = new ArrayList<>();
        if (all != null) {
            all.forEach(list::add);
        }
        return list;
    }

    private static StatusException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asException();
    }
}
