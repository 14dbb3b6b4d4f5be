package dev.anvil.machined.server.auth;

import dev.anvil.machinery.role.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

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
 * The first of every call's interceptors: who is calling. The roles it finds go into {@link #ROLES} for what comes
 * after it (the proxy, which forwards them; {@link AuthorizationInterceptor}, which checks them; the handlers).
 * Three sources, as Talos's injector modes: the O= values of the caller's client certificate, or, when that
 * certificate is a node's (os:impersonator), the {@code talos-role} metadata it forwards for the original caller;
 * maintenance mode, where every caller is a reader; and the metadata alone, for callers inside this JVM only.
 */
public final class CallerRoles implements ServerInterceptor {
    public static final Context.Key<Set<Role>> ROLES = Context.key("anvil-roles");
    /**
     * Who is calling, for the record (the apply audit): the subject of the caller's client certificate, or the one
     * a node forwards for the caller it acts for; empty when unknown (maintenance mode).
     */
    public static final Context.Key<String> SUBJECT = Context.key("anvil-subject");
    /** The subject a node forwards for the caller it acts for (Anvil's; trusted as talos-role is). */
    public static final Metadata.Key<String> ANVIL_SUBJECT = Metadata.Key.of("anvil-subject",
            Metadata.ASCII_STRING_MARSHALLER);
    /** The roles a node forwards for the caller it acts for, one value a role. */
    public static final Metadata.Key<String> TALOS_ROLE = Metadata.Key.of("talos-role",
            Metadata.ASCII_STRING_MARSHALLER);

    private enum Source { CERTIFICATE, EVERYONE_READS, METADATA }

    private final Source source;

    private CallerRoles(Source source) {
        this.source = source;
    }

    /** A configured node: roles from each caller's client certificate. */
    public static CallerRoles fromClientCertificates() {
        return new CallerRoles(Source.CERTIFICATE);
    }

    /** Maintenance mode, as Talos: no client certificates; every caller is a reader. */
    public static CallerRoles maintenance() {
        return new CallerRoles(Source.EVERYONE_READS);
    }

    /**
     * Roles as the {@code talos-role} metadata says, whoever sends it: only for a server no one outside this JVM
     * can reach (the proxy's way to this node's own services), as Talos's machined trusts apid on its unix socket.
     */
    public static CallerRoles fromMetadata() {
        return new CallerRoles(Source.METADATA);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        Set<Role> roles = switch (source) {
            case CERTIFICATE -> roles(session, headers);
            case EVERYONE_READS -> Set.of(Role.READER);
            case METADATA -> forwarded(headers);
        };
        String subject = switch (source) {
            case CERTIFICATE -> subject(session, headers);
            case EVERYONE_READS -> "";
            case METADATA -> forwardedSubject(headers, "");
        };
        return Contexts.interceptCall(Context.current().withValue(ROLES, roles).withValue(SUBJECT, subject), call,
                headers, next);
    }

    /** The leaf certificate's subject; a node's (os:impersonator) forwarding talos-role speaks for its caller. */
    static String subject(SSLSession session, Metadata headers) {
        if (session == null) {
            return "";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return "";
            }
            String own = leaf.getSubjectX500Principal().getName();
            boolean node = Role.fromOrganizations(organizations(leaf)).contains(Role.IMPERSONATOR);
            return node && headers.containsKey(TALOS_ROLE) ? forwardedSubject(headers, own) : own;
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }

    private static String forwardedSubject(Metadata headers, String via) {
        String forwarded = headers.get(ANVIL_SUBJECT);
        if (forwarded == null) {
            return via.isEmpty() ? "" : "(forwarded by " + via + ")";
        }
        return via.isEmpty() ? forwarded : forwarded + " (forwarded by " + via + ")";
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
        if (fromCertificate.contains(Role.IMPERSONATOR) && headers.containsKey(TALOS_ROLE)) {
            return forwarded(headers);
        }
        return fromCertificate;
    }

    private static Set<Role> forwarded(Metadata headers) {
        Iterable<String> values = headers.getAll(TALOS_ROLE);
        return values == null ? EnumSet.noneOf(Role.class) : Role.fromOrganizations(values);
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
