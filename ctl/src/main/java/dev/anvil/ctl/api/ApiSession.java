package dev.anvil.ctl.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.client.NodeTargets;
import dev.anvil.machinery.client.RemoteState;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One channel to an endpoint, and the nodes the command's calls are for: none (the endpoint answers), one (the
 * endpoint proxies to it) or several (the endpoint fans out and replies once per node). Closing ends the channel.
 */
public final class ApiSession implements AutoCloseable {
    private final ManagedChannel channel;
    private final String endpoint;
    private final List<String> nodes;

    private ApiSession(ManagedChannel channel, String endpoint, List<String> nodes) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.nodes = List.copyOf(nodes);
    }

    /** Dials the context's first endpoint. */
    public static ApiSession mutual(ClientContext context) {
        String endpoint = context.endpoints().getFirst();
        return new ApiSession(ApiChannels.mutual(context, endpoint), endpoint, context.nodes());
    }

    static ApiSession insecure(String endpoint, String fingerprint) {
        return new ApiSession(ApiChannels.insecure(endpoint, fingerprint), endpoint, List.of());
    }

    public List<String> nodes() {
        return nodes;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The channel with the command's nodes attached to every call. */
    public Channel channel() {
        return switch (nodes.size()) {
            case 0 -> channel;
            case 1 -> ClientInterceptors.intercept(channel, NodeTargets.one(nodes.getFirst()));
            default -> ClientInterceptors.intercept(channel, NodeTargets.many(nodes));
        };
    }

    /** The channel for calls that go to one node at a time (the COSI State API is never fanned out). */
    public Channel channelFor(String node) {
        return node == null ? channel : ClientInterceptors.intercept(channel, NodeTargets.one(node));
    }

    /** The COSI state of one node (null: the endpoint's own), its specs decoded as {@code types} knows them. */
    public RemoteState state(String node, ResourceTypes types) {
        return node == null ? new RemoteState(channel, types) : new RemoteState(channel, types, NodeTargets.one(node));
    }

    /**
     * The COSI state of one node (null: the endpoint's own) for reads that must end: each call fails with
     * DEADLINE_EXCEEDED once {@code deadline} has passed (not for watches, which run until closed).
     */
    public RemoteState state(String node, ResourceTypes types, Duration deadline) {
        ClientInterceptor within = new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                    Channel next) {
                return next.newCall(method, options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
            }
        };
        return node == null ? new RemoteState(channel, types, within)
                : new RemoteState(channel, types, NodeTargets.one(node), within);
    }

    public MachineServiceGrpc.MachineServiceBlockingStub machine() {
        return MachineServiceGrpc.newBlockingStub(channel());
    }

    /** The machine API of one node (null: the endpoint's own), not fanned out. */
    public MachineServiceGrpc.MachineServiceBlockingStub machineFor(String node) {
        return MachineServiceGrpc.newBlockingStub(channelFor(node));
    }

    public MachineServiceGrpc.MachineServiceStub machineAsync() {
        return MachineServiceGrpc.newStub(channel());
    }

    /**
     * Which node a reply message came from: its metadata's hostname, else (a reply from the endpoint itself) the
     * one node asked for, else the endpoint.
     */
    public String nodeOf(Message message) {
        String hostname = metadata(message).getHostname();
        if (!hostname.isEmpty()) {
            return hostname;
        }
        return nodes.size() == 1 ? nodes.getFirst() : endpoint;
    }

    /** The error a node reported in place of its reply, or "" when it answered. */
    public static String errorOf(Message message) {
        return metadata(message).getError();
    }

    private static Metadata metadata(Message message) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName("metadata");
        if (field == null || !message.hasField(field)) {
            return Metadata.getDefaultInstance();
        }
        return (Metadata) message.getField(field);
    }

    /** Dials again at once when the endpoint was unreachable (gRPC would otherwise back off for seconds). */
    public void reconnect() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
