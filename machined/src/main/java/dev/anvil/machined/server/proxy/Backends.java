package dev.anvil.machined.server.proxy;

import dev.anvil.machined.server.ApiTransport;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import io.grpc.netty.shaded.io.netty.channel.local.LocalIoHandler;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The channels the proxy calls targets through. Other nodes: one TLS channel each, on the API port, made on first
 * use and kept until {@link #close()}; it presents this node's client certificate and trusts only the OS CA, which
 * must have signed the target's server certificate for the name the request gave. This node, when a fan-out names
 * it: its own services inside the JVM (Netty's local transport, no socket), behind interceptors that take the
 * caller's roles from the forwarded metadata; this server starts on first use.
 *
 * <p>A channel whose last connection attempt failed is told to try again at once on the next call, rather than
 * after gRPC's back-off (up to two minutes), so a node that comes back is reachable at the next call.
 */
final class Backends implements AutoCloseable {
    /** As Talos's limit for API messages: a merged or relayed reply may be larger than gRPC's 4 MiB default. */
    private static final int MAX_MESSAGE = 32 << 20;

    private final Supplier<SslContext> tls;
    private SslContext tlsContext;
    private final int port;
    private final List<ServerServiceDefinition> localServices;
    private final ApiTransport transport;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ManagedChannel> remote = new HashMap<>();
    private EventLoopGroup localLoop;
    private Server localServer;
    private ManagedChannel local;
    private boolean closed;

    /**
     * @param tls           makes this node's client identity and the OS CA to trust, asked for on the first call
     *                      to another node; null when it has none (then {@link #remote} must not be called: the
     *                      router refuses such calls first)
     * @param port          the API port of the other nodes
     * @param localServices this node's services, each behind its interceptors for calls from inside the JVM
     * @param transport     the API's event loop and channel type, for the channels to other nodes
     */
    Backends(Supplier<SslContext> tls, int port, List<ServerServiceDefinition> localServices, ApiTransport transport) {
        this.tls = tls;
        this.port = port;
        this.localServices = List.copyOf(localServices);
        this.transport = transport;
    }

    /** The channel to another node, named by address or hostname (an IPv6 address with or without brackets). */
    synchronized Channel remote(String target) {
        checkOpen();
        if (tls == null) {
            throw new IllegalStateException("this node has no client certificate to reach " + target + " with");
        }
        if (tlsContext == null) {
            try {
                tlsContext = tls.get();
            } catch (RuntimeException e) {
                throw Status.UNAVAILABLE.withDescription("this node cannot reach " + target + ": " + e.getMessage())
                        .withCause(e).asRuntimeException();
            }
        }
        SslContext context = tlsContext;
        ManagedChannel channel = remote.computeIfAbsent(target, t -> NettyChannelBuilder
                .forAddress(t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t, port)
                .sslContext(context)
                .eventLoopGroup(transport.group())
                .channelType(transport.clientChannel())
                .maxInboundMessageSize(MAX_MESSAGE)
                .executor(executor)
                .build());
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        return channel;
    }

    /** The channel to this node's own services. */
    synchronized Channel local() {
        checkOpen();
        if (local == null) {
            LocalAddress address = new LocalAddress("anvil-api-" + UUID.randomUUID());
            localLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
            NettyServerBuilder server = NettyServerBuilder.forAddress(address)
                    .channelType(LocalServerChannel.class)
                    .bossEventLoopGroup(localLoop)
                    .workerEventLoopGroup(localLoop)
                    .maxInboundMessageSize(MAX_MESSAGE)
                    .executor(executor);
            localServices.forEach(server::addService);
            try {
                localServer = server.build().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve this node's services to its proxy", e);
            }
            local = NettyChannelBuilder.forAddress(address)
                    .channelType(LocalChannel.class)
                    .eventLoopGroup(localLoop)
                    .usePlaintext()
                    .maxInboundMessageSize(MAX_MESSAGE)
                    .executor(executor)
                    .build();
        }
        return local;
    }

    private void checkOpen() {
        if (closed) {
            throw Status.UNAVAILABLE.withDescription("the node is shutting down").asRuntimeException();
        }
    }

    /** Cuts off the calls still going through the proxy and waits (a few seconds at most) for its threads. */
    @Override
    public void close() {
        List<ManagedChannel> channels;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            channels = new ArrayList<>(remote.values());
            if (local != null) {
                channels.add(local);
            }
        }
        channels.forEach(ManagedChannel::shutdownNow);
        if (localServer != null) {
            localServer.shutdownNow();
        }
        try {
            for (ManagedChannel channel : channels) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (localServer != null) {
                localServer.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (localLoop != null) {
                localLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            executor.shutdownNow();
        }
    }
}
