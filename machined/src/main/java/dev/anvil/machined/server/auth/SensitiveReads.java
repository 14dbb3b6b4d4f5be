package dev.anvil.machined.server.auth;

import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.machinery.role.Role;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Set;

/**
 * Resource types marked sensitive (the machine config, secrets) are readable only by os:admin, whatever else the
 * caller's roles allow; runs after {@link CallerRoles}, which put the roles in the context.
 */
public final class SensitiveReads implements ServerInterceptor {
    private final Set<String> sensitiveTypes;

    public SensitiveReads(Set<String> sensitiveTypes) {
        this.sensitiveTypes = Set.copyOf(sensitiveTypes);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Set<Role> roles = CallerRoles.ROLES.get();
        if (roles != null && roles.contains(Role.ADMIN)) {
            return next.startCall(call, headers);
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                String type = switch (message) {
                    case GetRequest r -> r.getType();
                    case ListRequest r -> r.getType();
                    case WatchRequest r -> r.getType();
                    default -> null;
                };
                if (type != null && sensitiveTypes.contains(type)) {
                    refused = true;
                    call.close(Status.PERMISSION_DENIED.withDescription(type + " is sensitive: only os:admin may"
                            + " read it"), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
