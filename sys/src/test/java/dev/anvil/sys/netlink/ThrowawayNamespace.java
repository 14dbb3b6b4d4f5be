package dev.anvil.sys.netlink;

import dev.anvil.sys.Namespaces;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Runs test code on a platform thread of its own in a new network namespace, which ends with the thread. */
final class ThrowawayNamespace {
    private ThrowawayNamespace() {
    }

    static void run(Callable<Void> body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Namespaces.unshare(Namespaces.CLONE_NEWNET);
                body.call();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }
}
