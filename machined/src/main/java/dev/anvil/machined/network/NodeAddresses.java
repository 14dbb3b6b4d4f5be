package dev.anvil.machined.network;

import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.RtNetlink;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The node's addresses as the kernel has them, for the API certificate's names. Loopback is brought up first when
 * it is down (a fresh network namespace starts with it down). rtnetlink blocks in native calls, so this runs on a
 * platform thread of its own.
 */
public final class NodeAddresses {
    private NodeAddresses() {
    }

    /** Brings loopback up when it is down; the API's addresses and its own calls to itself need it. */
    public static void loopbackUp() throws InterruptedException {
        onPlatformThread(rt -> {
            loopbackUp(rt);
            return null;
        });
    }

    public static List<InetAddress> current() throws InterruptedException {
        return onPlatformThread(rt -> {
            loopbackUp(rt);
            return rt.addresses().stream().map(Address::address).filter(a -> !a.isLinkLocalAddress()).toList();
        });
    }

    private static void loopbackUp(RtNetlink rt) {
        if (rt.link("lo").filter(Link::up).isEmpty()) {
            rt.setUp("lo", true);
        }
    }

    private static <T> T onPlatformThread(Function<RtNetlink, T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("node-addresses").start(() -> {
            try (RtNetlink rt = RtNetlink.open()) {
                result.set(work.apply(rt));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        reader.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
