package dev.anvil.machined.server.auth;

import dev.anvil.cosi.resource.meta.NamespaceSpec;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.server.StateAccess;
import dev.anvil.machinery.role.Role;
import io.grpc.Status;

import java.util.Set;

/**
 * What Talos allows API clients to do with its resources (internal/app/resources/access.go): read, never write
 * (PERMISSION_DENIED "write access is not allowed"); only types with a published definition and namespaces with a
 * published Namespace resource ("... is not supported"); and a sensitive type only with os:admin. The definitions are
 * read from the state on each call, so a type published later is served from then on. The caller's roles are the
 * ones {@link AuthorizationInterceptor} put in the call's context.
 */
public final class ResourceAccess implements StateAccess {
    private final State state;

    public ResourceAccess(State state) {
        this.state = state;
    }

    @Override
    public void check(Verb verb, String namespace, String type) {
        if (!verb.readOnly()) {
            throw Status.PERMISSION_DENIED.withDescription("write access is not allowed").asRuntimeException();
        }
        ResourceDefinitionSpec definition;
        try {
            definition = state.get(ResourceDefinitionSpec.pointer(type), ResourceDefinitionSpec.class).spec();
        } catch (NotFoundException e) {
            throw Status.PERMISSION_DENIED.withDescription("resource type \"" + type + "\" is not supported")
                    .asRuntimeException();
        }
        Set<Role> roles = CallerRoles.ROLES.get();
        if (definition.sensitive() && (roles == null || !roles.contains(Role.ADMIN))) {
            throw Status.PERMISSION_DENIED.withDescription(type + " is sensitive: only os:admin may read it")
                    .asRuntimeException();
        }
        try {
            state.get(NamespaceSpec.pointer(namespace));
        } catch (NotFoundException e) {
            throw Status.PERMISSION_DENIED.withDescription("namespace \"" + namespace + "\" is not supported")
                    .asRuntimeException();
        }
    }
}
