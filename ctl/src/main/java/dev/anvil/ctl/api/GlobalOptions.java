package dev.anvil.ctl.api;

import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * talosctl's global flags: which client config and context, which endpoints to dial and which nodes a call is for.
 * They are accepted before or after the command's name ({@code anvilctl -n 10.5.0.2 version}); the values land
 * on the one instance the root command holds, which {@link #of} finds.
 */
public final class GlobalOptions {
    @Mixin
    ClientConfigLocation config;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Context of the client config to use (default: its current one).")
    String context;

    @Option(names = {"-n", "--nodes"}, split = ",", scope = ScopeType.INHERIT, paramLabel = "NODE",
            description = "Nodes to run the command on (default: the context's nodes, else the endpoint itself).")
    List<String> nodes = new ArrayList<>();

    @Option(names = {"-e", "--endpoints"}, split = ",", scope = ScopeType.INHERIT, paramLabel = "ENDPOINT",
            description = "Endpoints to dial (default: the context's endpoints).")
    List<String> endpoints = new ArrayList<>();

    /** The instance holding the values given on this command line. */
    public static GlobalOptions of(CommandSpec spec) {
        if (spec.root().userObject() instanceof HasGlobalOptions root) {
            return root.globalOptions();
        }
        throw new IllegalStateException("the root command carries no global options");
    }

    /** What the root command implements. */
    public interface HasGlobalOptions {
        GlobalOptions globalOptions();
    }

    public ClientConfigLocation configLocation() {
        return config;
    }

    /** The context to use, with the endpoints and nodes given on the command line in place of its own. */
    public ClientContext context() throws IOException {
        ClientConfig loaded = config.load();
        ClientConfig chosen = context == null ? loaded : loaded.withCurrent(context);
        ClientContext current = chosen.current();
        if (!endpoints.isEmpty()) {
            current = current.withEndpoints(endpoints);
        }
        if (!nodes.isEmpty()) {
            current = current.withNodes(nodes);
        }
        if (current.endpoints().isEmpty()) {
            throw new IllegalArgumentException("no endpoints: give -e/--endpoints or set them in the client config"
                    + " (anvilctl config endpoint ADDRESS...)");
        }
        return current;
    }

    /**
     * The global flags that make another anvilctl command line talk as this one does, to {@code node} (null: to the
     * endpoint itself).
     */
    public List<String> argumentsFor(String node) {
        List<String> arguments = new ArrayList<>(List.of("--anvilconfig", config.path().toString()));
        if (context != null) {
            arguments.addAll(List.of("--context", context));
        }
        if (!endpoints.isEmpty()) {
            arguments.addAll(List.of("-e", String.join(",", endpoints)));
        }
        if (node != null) {
            arguments.addAll(List.of("-n", node));
        }
        return arguments;
    }

    /** A session over mutual TLS, as the context says. */
    public ApiSession open() throws IOException {
        return ApiSession.mutual(context());
    }

    /**
     * A session for a node in maintenance mode: no client certificate, the server's certificate trusted as is, or
     * only when its SHA-256 fingerprint matches. The endpoints are the nodes given (-n) unless -e names others.
     */
    public ApiSession openInsecure(String fingerprint) {
        List<String> dial = !endpoints.isEmpty() ? endpoints : nodes;
        if (dial.isEmpty()) {
            throw new IllegalArgumentException("--insecure needs the node's address: give -n/--nodes");
        }
        return ApiSession.insecure(dial.getFirst(), fingerprint);
    }
}
