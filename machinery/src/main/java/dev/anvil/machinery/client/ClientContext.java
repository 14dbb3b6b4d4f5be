package dev.anvil.machinery.client;

import dev.anvil.machinery.pki.PemCodec;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One context of a client config. {@code ca}, {@code crt} and {@code key} are base64 PEM as in Talos's file.
 * {@code other} keeps the Talos fields Anvil does not use yet ({@code cluster}, {@code auth}, {@code proxy-url},
 * the legacy {@code target}) so that a talosconfig read and written again loses nothing.
 */
public record ClientContext(List<String> endpoints, List<String> nodes, String ca, String crt, String key,
                            Map<String, Object> other) {

    public ClientContext {
        endpoints = List.copyOf(endpoints);
        nodes = List.copyOf(nodes);
        other = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    public ClientContext withEndpoints(List<String> value) {
        return new ClientContext(value, nodes, ca, crt, key, other);
    }

    public ClientContext withNodes(List<String> value) {
        return new ClientContext(endpoints, value, ca, crt, key, other);
    }

    /** The client certificate, parsed; fails with a message when the context has none. */
    public X509Certificate certificate() {
        if (crt == null || crt.isEmpty()) {
            throw new IllegalArgumentException("the context has no client certificate");
        }
        return PemCodec.parseCertificate(PemCodec.fromBase64(crt, "crt"));
    }
}
