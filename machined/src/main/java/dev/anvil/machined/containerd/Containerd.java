package dev.anvil.machined.containerd;

import dev.anvil.api.containerd.containers.ContainersGrpc;
import dev.anvil.api.containerd.content.ContentGrpc;
import dev.anvil.api.containerd.diff.DiffGrpc;
import dev.anvil.api.containerd.images.ImagesGrpc;
import dev.anvil.api.containerd.leases.LeasesGrpc;
import dev.anvil.api.containerd.snapshots.SnapshotsGrpc;
import dev.anvil.api.containerd.tasks.TasksGrpc;
import dev.anvil.api.containerd.version.VersionGrpc;
import dev.anvil.api.containerd.version.VersionResponse;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.containerd.content.ReadContentRequest;
import dev.anvil.api.containerd.types.Descriptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client of containerd's gRPC API on its unix socket. containerd scopes almost everything by namespace, sent as
 * the {@code containerd-namespace} metadata of each call: {@link #namespace} gives the stubs of one namespace, and
 * {@link Namespace#withLease} adds the {@code containerd-lease} that keeps written content from the collector.
 *
 * <p>The channel connects lazily and reconnects by itself, so a client made before containerd listens works once it
 * does. Thread-safe; {@link #close()} ends the channel and its one event-loop thread.
 */
public final class Containerd implements AutoCloseable {
    /** Where machined's containerd listens. */
    public static final Path SOCKET = Path.of("/run/containerd/containerd.sock");
    static final Metadata.Key<String> NAMESPACE = Metadata.Key.of("containerd-namespace",
            Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> LEASE = Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * gRPC asks every transport for SO_KEEPALIVE, which a unix socket does not have; netty warns about it at each
     * connect, through the logger of the bootstrap's concrete class (Bootstrap), so the level is set on their
     * package. Held here so that the level set stays (loggers are weakly referenced).
     */
    private static final Logger BOOTSTRAP = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

    static {
        BOOTSTRAP.setLevel(Level.SEVERE);
    }

    private final Path socket;
    private final EventLoopGroup group;
    private final ManagedChannel channel;

    private Containerd(Path socket) {
        this.socket = socket;
        this.group = new EpollEventLoopGroup(1);
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group).channelType(EpollDomainSocketChannel.class).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    public static Containerd connect(Path socket) {
        return new Containerd(socket);
    }

    public Path socket() {
        return socket;
    }

    /** containerd's version; fails (UNAVAILABLE) when nothing answers on the socket within the timeout. */
    public VersionResponse version(Duration timeout) {
        return VersionGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .version(Empty.getDefaultInstance());
    }

    public Namespace namespace(String name) {
        return new Namespace(name, null);
    }

    /** The stubs of one containerd namespace (and lease, when set). */
    public final class Namespace {
        private final String name;
        private final String lease;

        private Namespace(String name, String lease) {
            this.name = name;
            this.lease = lease;
        }

        public String name() {
            return name;
        }

        /** The same namespace, every call under the lease {@code id}. */
        public Namespace withLease(String id) {
            return new Namespace(name, id);
        }

        private <S extends AbstractStub<S>> S scoped(S stub) {
            Metadata headers = new Metadata();
            headers.put(NAMESPACE, name);
            if (lease != null) {
                headers.put(LEASE, lease);
            }
            return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        public ContentGrpc.ContentBlockingStub content() {
            return scoped(ContentGrpc.newBlockingStub(channel));
        }

        public ContentGrpc.ContentStub contentAsync() {
            return scoped(ContentGrpc.newStub(channel));
        }

        public ImagesGrpc.ImagesBlockingStub images() {
            return scoped(ImagesGrpc.newBlockingStub(channel));
        }

        public SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
            return scoped(SnapshotsGrpc.newBlockingStub(channel));
        }

        public DiffGrpc.DiffBlockingStub diff() {
            return scoped(DiffGrpc.newBlockingStub(channel));
        }

        public ContainersGrpc.ContainersBlockingStub containers() {
            return scoped(ContainersGrpc.newBlockingStub(channel));
        }

        public TasksGrpc.TasksBlockingStub tasks() {
            return scoped(TasksGrpc.newBlockingStub(channel));
        }

        /** A blob of the content store, whole. */
        public byte[] read(String digest) {
            ByteString.Output out = ByteString.newOutput();
            content().read(ReadContentRequest.newBuilder().setDigest(digest).build())
                    .forEachRemaining(r -> out.write(r.getData().toByteArray(), 0, r.getData().size()));
            return out.toByteString().toByteArray();
        }

        /**
         * The size of an image as Talos reports it: its manifest, config and layers (and the indexes on the way);
         * the target's own size where the image's blobs cannot be read.
         */
        public long imageSize(Descriptor target) {
            try {
                OciImage image = OciImage.resolve(target, this::read);
                long size = image.manifest().getSize() + image.config().getSize();
                for (Descriptor d : image.indexes()) {
                    size += d.getSize();
                }
                for (Descriptor d : image.layers()) {
                    size += d.getSize();
                }
                return size;
            } catch (IOException | RuntimeException e) {
                return target.getSize();
            }
        }

        public LeasesGrpc.LeasesBlockingStub leases() {
            return scoped(LeasesGrpc.newBlockingStub(channel));
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
