package dev.anvil.machined.server.proxy;

import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machinery.role.Role;
import io.grpc.Metadata;

import java.util.Set;

/**
 * The metadata a forwarded call carries, as Talos's apid sets it: the caller's own metadata, less the routing keys
 * (the target must not route the call again); the caller's roles in {@code talos-role}, which the target honours
 * because this node's client certificate is an os:impersonator's; the caller's certificate subject in
 * {@code anvil-subject} (Anvil's, for the target's records); and {@code proxyfrom}, the authority the caller used,
 * which tells the target to serve the call itself.
 */
final class Forwarding {
    /** Keys the transport sets itself, or that only this hop may set. */
    private static final Set<String> NOT_COPIED = Set.of("content-type", "te", "user-agent", "host", "node",
            "nodes", "proxyfrom", CallerRoles.TALOS_ROLE.name(), CallerRoles.ANVIL_SUBJECT.name());
    /** The one gRPC key worth passing on: an error's details (google.rpc.Status), in a relayed call's trailers. */
    private static final String STATUS_DETAILS = "grpc-status-details-bin";

    private Forwarding() {
    }

    static Metadata outgoing(Metadata incoming, Set<Role> roles, String authority) {
        Metadata out = copied(incoming);
        for (Role role : roles) {
            out.put(CallerRoles.TALOS_ROLE, role.toString());
        }
        out.put(Router.PROXY_FROM, authority == null || authority.isEmpty() ? "unknown" : authority);
        String subject = CallerRoles.SUBJECT.get();
        if (subject != null && !subject.isEmpty()) {
            out.put(CallerRoles.ANVIL_SUBJECT, subject);
        }
        return out;
    }

    /** The application's keys of some metadata (headers or trailers), without those of gRPC and HTTP/2. */
    static Metadata copied(Metadata from) {
        Metadata out = new Metadata();
        for (String name : from.keys()) {
            if (NOT_COPIED.contains(name) || name.startsWith(":")
                    || (name.startsWith("grpc-") && !name.equals(STATUS_DETAILS))) {
                continue;
            }
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                copy(from, out, Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
            } else {
                copy(from, out, Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
            }
        }
        return out;
    }

    private static <T> void copy(Metadata from, Metadata to, Metadata.Key<T> key) {
        Iterable<T> values = from.getAll(key);
        if (values != null) {
            for (T value : values) {
                to.put(key, value);
            }
        }
    }
}
