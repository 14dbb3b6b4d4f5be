package dev.anvil.sys.netlink;

import dev.anvil.sys.SyscallException;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Notifications of rtnetlink multicast groups: a socket joined to the groups, read by a platform thread of its own
 * that hands each change to a listener. The socket belongs to the network namespace of the thread that opens the
 * watch. The listener runs on the reading thread, so it must return promptly (queue work elsewhere). When the
 * kernel dropped notifications because the reader fell behind, the listener gets {@link Change#overrun()}: state
 * must then be read again by a dump.
 *
 * <p>{@link #close()} stops the reader within the receive timeout (a quarter second) and waits for it.
 */
public final class RtNetlinkWatch implements AutoCloseable {
    public static final int LINK = 0x1;
    public static final int NEIGHBOUR = 0x4;
    public static final int IPV4_ADDRESS = 0x10;
    public static final int IPV4_ROUTE = 0x40;
    public static final int IPV6_ADDRESS = 0x100;
    public static final int IPV6_ROUTE = 0x400;
    public static final int ADDRESSES = IPV4_ADDRESS | IPV6_ADDRESS;
    public static final int ROUTES = IPV4_ROUTE | IPV6_ROUTE;
    private static final int ENOBUFS = 105;
    private static final long POLL_MILLIS = 250;

    /** What changed: the rtnetlink message type (RTM_NEWLINK, RTM_DELADDR, ...), or 0 for an overrun. */
    public record Change(int messageType) {
        public boolean overrun() {
            return messageType == 0;
        }

        public boolean link() {
            return messageType >= Messages.RTM_NEWLINK && messageType <= Messages.RTM_GETLINK;
        }

        public boolean address() {
            return messageType >= Messages.RTM_NEWADDR && messageType <= Messages.RTM_GETADDR;
        }

        public boolean route() {
            return messageType >= Messages.RTM_NEWROUTE && messageType <= Messages.RTM_GETROUTE;
        }

        public boolean neighbour() {
            return messageType >= Messages.RTM_NEWNEIGH && messageType <= Messages.RTM_GETNEIGH;
        }
    }

    private final NetlinkSocket socket;
    private final Consumer<Change> listener;
    private final Thread reader;
    private volatile boolean closed;

    private RtNetlinkWatch(int groups, Consumer<Change> listener, String name) {
        this.socket = new NetlinkSocket(groups);
        this.listener = listener;
        try {
            socket.receiveTimeout(POLL_MILLIS);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        this.reader = Thread.ofPlatform().name(name).daemon().unstarted(this::read);
    }

    /** Joins {@code groups} (a mask of this class's constants) in the calling thread's namespace and starts reading. */
    public static RtNetlinkWatch open(int groups, Consumer<Change> listener) {
        RtNetlinkWatch watch = new RtNetlinkWatch(groups, listener, "rtnetlink-watch");
        watch.reader.start();
        return watch;
    }

    private void read() {
        try {
            while (!closed) {
                ByteBuffer datagram;
                try {
                    datagram = socket.receive();
                } catch (SyscallException e) {
                    if (e.errno() != ENOBUFS) {
                        throw e;
                    }
                    listener.accept(new Change(0));
                    continue;
                }
                while (datagram != null && datagram.remaining() >= 16 && !closed) {
                    int start = datagram.position();
                    int length = datagram.getInt(start);
                    listener.accept(new Change(datagram.getShort(start + 4)));
                    datagram.position(start + Attributes.align(Math.max(length, 16)));
                }
            }
        } finally {
            socket.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
