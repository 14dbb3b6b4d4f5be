package dev.anvil.machined.server;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The API's network transport: one NIO event loop thread that accepts connections, serves them, and carries the
 * proxy's channels to the other nodes. Not epoll: on it, a reboot's Events stream stopped delivering after its
 * first event, before the API closed (LifecycleCommandsTest), which NIO never did. gRPC's defaults would
 * add a boss thread plus two worker threads a core for the server, and as many again for client channels; a node
 * serves a handful of clients, and each event loop thread costs a stack, a buffer cache and a malloc arena. Calls
 * themselves run on virtual threads, not here.
 */
public record ApiTransport(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
        Class<? extends Channel> clientChannel) implements AutoCloseable {

    public static ApiTransport create() {
        DefaultThreadFactory threads = new DefaultThreadFactory("anvil-api", true);
        return new ApiTransport(new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** Stops the event loop; the server and the channels on it are closed first. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
