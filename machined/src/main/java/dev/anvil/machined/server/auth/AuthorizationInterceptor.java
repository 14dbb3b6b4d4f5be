package dev.anvil.machined.server.auth;

import dev.anvil.machinery.role.Role;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * A call this node serves passes here before its handler: the caller's roles ({@link CallerRoles#ROLES}, put
 * there by an earlier interceptor) must allow the method ({@link Rules}), or the call ends with PERMISSION_DENIED
 * "not authorized", as in Talos, followed by the method, the roles it is for and the caller's (Talos puts these in
 * its log only). A call the proxy sends to other nodes never gets here; each target checks it in its turn.
 */
public final class AuthorizationInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Set<Role> roles = CallerRoles.ROLES.get();
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        if (roles == null || !Rules.permits(method, roles)) {
            call.close(Status.PERMISSION_DENIED.withDescription(refusal(method, roles)), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }

    /** "not authorized: /machine.MachineService/Reboot is for os:admin, os:operator; the caller has os:reader". */
    private static String refusal(String method, Set<Role> roles) {
        return "not authorized: " + method + " is for " + names(Rules.allowed(method)) + "; the caller has "
                + (roles == null || roles.isEmpty() ? "no role" : names(roles));
    }

    private static String names(Set<Role> roles) {
        return roles.stream().sorted().map(Role::toString).collect(Collectors.joining(", "));
    }
}
