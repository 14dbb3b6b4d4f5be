package dev.anvil.machined.server.proxy;

import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machinery.role.Role;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import dev.anvil.machined.server.ApiTransport;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * apid's routing, as an interceptor of the node's API: a call whose metadata names other nodes ({@link Router})
 * goes to them, generically, with the method's own descriptor and marshallers, instead of to this node's handler.
 * It runs after {@link CallerRoles}, whose roles it forwards, and before the authorization interceptor: a
 * forwarded call is authorised by each target, with the caller's roles, and a call served here by this node.
 * A caller with no role at all is refused here, as there is nothing to forward for it.
 */
public final class ProxyInterceptor implements ServerInterceptor, AutoCloseable {
    private final Router router;
    private final Predicate<String> isLocal;
    private final Backends backends;
    private final Map<String, Replies> replies = new ConcurrentHashMap<>();

    private ProxyInterceptor(Predicate<String> isLocal, Supplier<SslContext> clientTls, int port,
            List<ServerServiceDefinition> localServices, ApiTransport transport) {
        this.router = new Router(isLocal, clientTls != null);
        this.isLocal = isLocal;
        this.backends = new Backends(clientTls, port, localServices, transport);
    }

    /**
     * @param isLocal       whether a target names this node
     * @param clientTls     makes this node's client certificate (os:impersonator) with the OS CA to trust, when the
     *                      first call goes to another node; null when the node has none, and then only calls for
     *                      this node itself are served
     * @param port          the API port of the other nodes
     * @param localServices this node's services behind {@link CallerRoles#fromMetadata()} and authorization, for
     *                      fan-outs that include this node
     * @param transport     the API's event loop, which the channels to other nodes use too
     */
    public static ProxyInterceptor create(Predicate<String> isLocal, Supplier<SslContext> clientTls, int port,
            List<ServerServiceDefinition> localServices, ApiTransport transport) {
        return new ProxyInterceptor(isLocal, clientTls, port, localServices, transport);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        try {
            Route route = router.route("/" + method.getFullMethodName(), headers);
            if (route instanceof Route.Local) {
                return next.startCall(call, headers);
            }
            Set<Role> roles = CallerRoles.ROLES.get();
            if (roles == null || roles.isEmpty()) {
                throw Status.PERMISSION_DENIED.withDescription("not authorized").asException();
            }
            Metadata forwarded = Forwarding.outgoing(headers, roles, call.getAuthority());
            return switch (route) {
                case Route.Single single -> Relay.start(call, forwarded, backends.remote(single.target()));
                case Route.FanOut fanOut -> FanOut.start(call, forwarded, replies(method), fanOut.targets(),
                        channels(fanOut.targets()));
                case Route.Local local -> throw new IllegalStateException("served above");
            };
        } catch (StatusException e) {
            return refuse(call, e.getStatus());
        } catch (StatusRuntimeException e) {
            return refuse(call, e.getStatus());
        }
    }

    private Replies replies(MethodDescriptor<?, ?> method) throws StatusException {
        Replies known = replies.get(method.getFullMethodName());
        if (known == null) {
            known = Replies.of(method);
            replies.put(method.getFullMethodName(), known);
        }
        return known;
    }

    private List<Channel> channels(List<String> targets) {
        List<Channel> channels = new ArrayList<>();
        for (String target : targets) {
            channels.add(isLocal.test(target) ? backends.local() : backends.remote(target));
        }
        return channels;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() { };
    }

    /** Ends the calls still going through this node to others, and the channels they used. */
    @Override
    public void close() {
        backends.close();
    }
}
