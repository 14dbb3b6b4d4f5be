package dev.anvil.machined.server.auth;

import dev.anvil.machinery.role.Role;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Set;

/**
 * A call this node serves passes here before its handler: the caller's roles ({@link CallerRoles#ROLES}, put
 * there by an earlier interceptor) must allow the method ({@link Rules}), or the call ends with PERMISSION_DENIED
 * "not authorized". A call the proxy sends to other nodes never gets here; each target checks it in its turn.
 */
public final class AuthorizationInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Set<Role> roles = CallerRoles.ROLES.get();
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        if (roles == null || !Rules.permits(method, roles)) {
            call.close(Status.PERMISSION_DENIED.withDescription("not authorized"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
