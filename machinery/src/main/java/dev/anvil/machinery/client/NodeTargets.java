package dev.anvil.machinery.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.util.List;

/**
 * Names the nodes a call is for, as Talos clients do: metadata {@code node} for one node (the endpoint proxies the
 * call to it), {@code nodes} for a fan-out whose replies come back merged, one message per node. No nodes: the
 * endpoint answers itself.
 */
public final class NodeTargets implements ClientInterceptor {
    public static final Metadata.Key<String> NODE = Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> NODES = Metadata.Key.of("nodes", Metadata.ASCII_STRING_MARSHALLER);

    private final List<String> nodes;
    private final boolean fanOut;

    private NodeTargets(List<String> nodes, boolean fanOut) {
        this.nodes = List.copyOf(nodes);
        this.fanOut = fanOut;
    }

    /** One node, one-to-one. */
    public static NodeTargets one(String node) {
        return new NodeTargets(List.of(node), false);
    }

    /** Any number of nodes, each reply tagged with the node it came from. */
    public static NodeTargets many(List<String> nodes) {
        return new NodeTargets(nodes, true);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                for (String node : nodes) {
                    headers.put(fanOut ? NODES : NODE, node);
                }
                super.start(listener, headers);
            }
        };
    }
}
