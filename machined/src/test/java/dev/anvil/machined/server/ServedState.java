package dev.anvil.machined.server;

import dev.anvil.cosi.state.State;
import dev.anvil.machinery.client.RemoteState;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A state served over real gRPC on 127.0.0.1 (plaintext) and a channel to it, for tests. It owns every thread
 * involved (Netty's event loop, the server's virtual-thread executor, the channel's executor) and stops them all
 * on {@link #close()}; the server can be stopped and started again on the same port in between.
 */
final class ServedState implements AutoCloseable {
    private final BindableService service;
    private final EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService clientExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final ManagedChannel channel;
    private final int port;
    private Server server;
    private ExecutorService serverExecutor;

    private ServedState(BindableService service) {
        this.service = service;
        start(0);
        this.port = server.getPort();
        this.channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .usePlaintext()
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(clientExecutor)
                .build();
    }

    static ServedState serve(State state, ResourceTypes types) {
        return new ServedState(new StateServer(state, types));
    }

    /** Serves any service, for example a {@link StateServer} with some methods taken away. */
    static ServedState serve(BindableService service) {
        return new ServedState(service);
    }

    RemoteState remote(ResourceTypes types) {
        return new RemoteState(channel, types);
    }

    ManagedChannel channel() {
        return channel;
    }

    /** Stops the server at once: open calls fail on the client with UNAVAILABLE or CANCELLED. */
    void stopServer() {
        server.shutdownNow();
        await(server::awaitTermination);
        serverExecutor.close();
    }

    /** Starts the server again on its old port, waiting for the kernel to release it if it must. */
    void restartServer() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                start(port);
                return;
            } catch (UncheckedIOException e) {
                serverExecutor.close();
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private void start(int onPort) {
        serverExecutor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
                    .bossEventLoopGroup(eventLoop)
                    .workerEventLoopGroup(eventLoop)
                    .channelType(NioServerSocketChannel.class)
                    .executor(serverExecutor)
                    .addService(service)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        await(channel::awaitTermination);
        clientExecutor.close();
        if (!server.isTerminated()) {
            stopServer();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private interface Termination {
        boolean await(long time, TimeUnit unit) throws InterruptedException;
    }

    private static void await(Termination termination) {
        try {
            if (!termination.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("did not terminate within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
