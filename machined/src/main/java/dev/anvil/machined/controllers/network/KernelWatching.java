package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.KernelNetwork;

/**
 * A network controller that the kernel wakes: while the runtime runs it, a change in its rtnetlink groups queues a
 * reconcile, as Talos's controllers watch rtnetlink beside their inputs.
 */
abstract class KernelWatching implements Controller {
    protected final KernelNetwork network;
    private final int groups;
    private AutoCloseable subscription;

    KernelWatching(KernelNetwork network, int groups) {
        this.network = network;
        this.groups = groups;
    }

    @Override
    public final void started(Runnable queueReconcile) {
        subscription = network.subscribe(groups, queueReconcile);
    }

    @Override
    public final void stopped() {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            Log.warn("closing the rtnetlink subscription failed", "controller", name(), "error", e.getMessage());
        }
    }
}
