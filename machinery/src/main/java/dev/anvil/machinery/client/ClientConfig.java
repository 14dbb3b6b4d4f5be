package dev.anvil.machinery.client;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.secrets.SecretsBundle;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client config ({@code anvilconfig}; Talos's {@code talosconfig} schema, so either file works with either
 * tool): the current context and the named contexts, each with endpoints, default nodes and the credentials to
 * reach them. {@link ClientConfigFile} reads and writes it. Immutable: every change returns a new config.
 */
public record ClientConfig(String context, Map<String, ClientContext> contexts) {

    public ClientConfig {
        contexts = java.util.Collections.unmodifiableMap(new TreeMap<>(contexts));
    }

    public static ClientConfig empty() {
        return new ClientConfig("", Map.of());
    }

    /**
     * A config with one context named after the cluster, holding an {@code os:admin} client certificate signed by
     * the bundle's OS CA (as {@code talosctl gen config} writes {@code talosconfig}).
     */
    public static ClientConfig forCluster(SecretsBundle secrets, String name, List<String> endpoints, Instant now,
                                          SecureRandom random) {
        var issued = secrets.clientCertificate(List.of("os:admin"), now, SecretsBundle.CLIENT_VALIDITY, random);
        return of(name, secrets.certs().os().crt(), issued, endpoints);
    }

    /** A config of one context: {@code caBase64} is the OS CA certificate as the file holds it (base64 PEM). */
    public static ClientConfig of(String name, String caBase64, CertificateAuthority.Issued issued,
                                  List<String> endpoints) {
        var context = new ClientContext(endpoints, List.of(), caBase64, PemCodec.toBase64(issued.certificatePem()),
                PemCodec.toBase64(issued.keyPem()), Map.of());
        return new ClientConfig(name, Map.of(name, context));
    }

    /** The current context; fails with a message when there is none. */
    public ClientContext current() {
        ClientContext current = contexts.get(context);
        if (current == null) {
            throw new IllegalArgumentException(context == null || context.isEmpty() ? "no context is set"
                    : "context \"" + context + "\" is not defined");
        }
        return current;
    }

    public ClientConfig withCurrent(String name) {
        if (!contexts.containsKey(name)) {
            throw new IllegalArgumentException("context \"" + name + "\" is not defined (known: "
                    + String.join(", ", contexts.keySet()) + ")");
        }
        return new ClientConfig(name, contexts);
    }

    /** Replaces or adds a context without changing which is current. */
    public ClientConfig with(String name, ClientContext value) {
        Map<String, ClientContext> all = new LinkedHashMap<>(contexts);
        all.put(name, value);
        return new ClientConfig(context, all);
    }

    /** Replaces the current context. */
    public ClientConfig withCurrentContext(ClientContext value) {
        current();
        return with(context, value);
    }

    /**
     * Adds every context of {@code other}; a name already taken gets {@code -1}, {@code -2}, ... appended (as
     * talosctl does). The current context becomes {@code other}'s, under its new name. Returns the renames.
     */
    public Merge merge(ClientConfig other) {
        Map<String, ClientContext> all = new LinkedHashMap<>(contexts);
        List<String> renames = new ArrayList<>();
        String current = context;
        for (var entry : other.contexts().entrySet()) {
            String name = entry.getKey();
            for (int i = 1; all.containsKey(name); i++) {
                name = entry.getKey() + "-" + i;
            }
            if (!name.equals(entry.getKey())) {
                renames.add(entry.getKey() + " -> " + name);
            }
            all.put(name, entry.getValue());
            if (entry.getKey().equals(other.context())) {
                current = name;
            }
        }
        return new Merge(new ClientConfig(current, all), renames);
    }

    /** The result of {@link #merge}: the merged config and the contexts renamed on the way. */
    public record Merge(ClientConfig config, List<String> renames) {
    }
}
