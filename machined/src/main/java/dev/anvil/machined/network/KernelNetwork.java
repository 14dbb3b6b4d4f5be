package dev.anvil.machined.network;

import dev.anvil.sys.Namespaces;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The node's network namespace through rtnetlink, shared by the network controllers: requests run one at a time on a
 * platform thread of their own (an FFM receive would pin a virtual thread's carrier), and one watch on the link,
 * address and route groups wakes whoever subscribed to the kind of change that came.
 *
 * <p>It opens on first use and closes when the last subscriber leaves (controllers subscribe when the runtime
 * starts them and leave when it stops), so no thread outlives the controllers; a later call opens it again. The
 * namespace is that of the thread that first uses it, or, for tests, a new one made for it.
 */
public final class KernelNetwork {
    private static final int GROUPS = RtNetlinkWatch.LINK | RtNetlinkWatch.ADDRESSES | RtNetlinkWatch.ROUTES;

    private record Subscriber(int groups, Runnable onChange) {
    }

    private final boolean newNamespace;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private Open open;

    private record Open(ExecutorService thread, RtNetlink rt, RtNetlinkWatch watch) {
    }

    private KernelNetwork(boolean newNamespace) {
        this.newNamespace = newNamespace;
    }

    /** The network namespace machined runs in: the node's own in container mode. */
    public static KernelNetwork ofThisProcess() {
        return new KernelNetwork(false);
    }

    /** A network namespace of its own, made when it opens and gone when it closes (for tests). */
    public static KernelNetwork inNewNamespace() {
        return new KernelNetwork(true);
    }

    /** Runs {@code work} on the rtnetlink thread and returns its result; a kernel error is rethrown as it came. */
    public <T> T call(Function<RtNetlink, T> work) throws InterruptedException {
        Open current = open();
        Future<T> result = current.thread.submit(() -> work.apply(current.rt));
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Calls {@code onChange} (on the watch's thread: it must return promptly) whenever the kernel reports a change
     * in one of {@code groups} ({@link RtNetlinkWatch} constants), and after an overrun. Returns how to leave.
     */
    public AutoCloseable subscribe(int groups, Runnable onChange) {
        Subscriber subscriber = new Subscriber(groups, onChange);
        subscribers.add(subscriber);
        open();
        return () -> leave(subscriber);
    }

    private synchronized void leave(Subscriber subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty() && open != null) {
            Open closing = open;
            open = null;
            closing.watch.close();
            closing.thread.submit(closing.rt::close);
            closing.thread.shutdown();
        }
    }

    private synchronized Open open() {
        if (open != null) {
            return open;
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("rtnetlink").daemon().factory());
        try {
            open = thread.submit(() -> {
                if (newNamespace) {
                    Namespaces.unshare(Namespaces.CLONE_NEWNET);
                }
                RtNetlink rt = RtNetlink.open();
                return new Open(thread, rt, RtNetlinkWatch.open(GROUPS, this::dispatch));
            }).get();
            return open;
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening rtnetlink", e);
        } catch (ExecutionException e) {
            thread.shutdownNow();
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    private void dispatch(RtNetlinkWatch.Change change) {
        int group = change.link() ? RtNetlinkWatch.LINK : change.address() ? RtNetlinkWatch.ADDRESSES
                : change.route() ? RtNetlinkWatch.ROUTES : GROUPS;
        for (Subscriber subscriber : subscribers) {
            if ((subscriber.groups & group) != 0) {
                subscriber.onChange.run();
            }
        }
    }
}
