package dev.anvil.machined.server.auth;

import dev.anvil.machinery.role.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every call passes here: the caller's roles come from the O= values of its client certificate (the leaf), or,
 * when that certificate is a node's (os:impersonator), from the {@code talos-role} metadata it forwards for the
 * original caller. A call whose method the roles do not allow ends with PERMISSION_DENIED "not authorized".
 * Handlers read the roles from {@link #ROLES}.
 */
public final class AuthorizationInterceptor implements ServerInterceptor {
    public static final Context.Key<Set<Role>> ROLES = Context.key("anvil-roles");
    static final Metadata.Key<String> TALOS_ROLE = Metadata.Key.of("talos-role", Metadata.ASCII_STRING_MARSHALLER);

    /** Null when roles come from client certificates; otherwise the roles every caller has. */
    private final Set<Role> everyone;

    private AuthorizationInterceptor(Set<Role> everyone) {
        this.everyone = everyone;
    }

    /** A configured node: roles from each caller's client certificate. */
    public static AuthorizationInterceptor fromClientCertificates() {
        return new AuthorizationInterceptor(null);
    }

    /** Maintenance mode, as Talos: no client certificates; every caller is a reader. */
    public static AuthorizationInterceptor maintenance() {
        return new AuthorizationInterceptor(Set.of(Role.READER));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Set<Role> roles = everyone != null ? everyone
                : roles(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers);
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        if (!Rules.permits(method, roles)) {
            call.close(Status.PERMISSION_DENIED.withDescription("not authorized"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(ROLES, roles), call, headers, next);
    }

    static Set<Role> roles(SSLSession session, Metadata headers) {
        if (session == null) {
            return EnumSet.noneOf(Role.class);
        }
        Set<Role> fromCertificate;
        try {
            Certificate[] chain = session.getPeerCertificates();
            fromCertificate = chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)
                    ? EnumSet.noneOf(Role.class) : Role.fromOrganizations(organizations(leaf));
        } catch (SSLPeerUnverifiedException e) {
            return EnumSet.noneOf(Role.class);
        }
        Iterable<String> forwarded = headers.getAll(TALOS_ROLE);
        if (fromCertificate.contains(Role.IMPERSONATOR) && forwarded != null) {
            return Role.fromOrganizations(forwarded);
        }
        return fromCertificate;
    }

    /** The O= values of the certificate's subject. */
    static List<String> organizations(X509Certificate certificate) {
        List<String> values = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("O")) {
                    values.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        }
        return values;
    }
}
