package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.sys.netlink.RtNetlink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The loop Talos's link, address and route spec controllers share: the specs are a strong input; each running spec
 * gets this controller's finalizer (the mark of what it manages) and is applied; each spec being torn down is undone
 * in the kernel and then loses the finalizer, which lets the merge controller destroy it. Torn-down specs go first,
 * then the running ones in {@link #order()}. One spec's failure does not stop the others; the first is rethrown
 * (with the rest suppressed), so the runtime retries with backoff. The status kind given is a weak input, so drift
 * the kernel reports wakes the controller.
 */
abstract class KernelSpecApplier<S extends Spec> extends KernelWatching {
    private final Kind specs;
    private final Class<S> specType;
    private final String statusType;

    KernelSpecApplier(KernelNetwork network, int groups, Kind specs, Class<S> specType, String statusType) {
        super(network, groups);
        this.specs = specs;
        this.specType = specType;
        this.statusType = statusType;
    }

    /** Makes the kernel hold {@code spec} (running) or no longer hold it (tearing down). */
    abstract void sync(RtNetlink rt, S spec, Phase phase);

    Comparator<S> order() {
        return (a, b) -> 0;
    }

    @Override
    public final List<Input> inputs() {
        return statusType.equals(LinkStatus.TYPE)
                ? List.of(Input.strong(NetworkResources.NAMESPACE, specs.type()),
                        Input.weak(NetworkResources.NAMESPACE, statusType))
                : List.of(Input.strong(NetworkResources.NAMESPACE, specs.type()),
                        Input.weak(NetworkResources.NAMESPACE, statusType),
                        Input.weak(NetworkResources.NAMESPACE, LinkStatus.TYPE));
    }

    @Override
    public final List<Output> outputs() {
        return List.of();
    }

    @Override
    public final void reconcile(ReconcileContext ctx) throws Exception {
        List<Resource<S>> all = new ArrayList<>();
        for (Resource<?> raw : ctx.list(specs)) {
            Resource<S> spec = raw.as(specType);
            if (spec.metadata().phase() == Phase.RUNNING && !spec.metadata().finalizers().contains(name())) {
                ctx.addFinalizer(spec.pointer(), name());
            }
            all.add(spec);
        }
        all.sort(Comparator.comparing(Resource::spec, order()));
        List<RuntimeException> failures = new ArrayList<>();
        for (Phase phase : List.of(Phase.TEARING_DOWN, Phase.RUNNING)) {
            for (Resource<S> spec : all) {
                if (spec.metadata().phase() != phase) {
                    continue;
                }
                try {
                    network.call(rt -> {
                        sync(rt, spec.spec(), phase);
                        return null;
                    });
                    if (phase == Phase.TEARING_DOWN) {
                        ctx.removeFinalizer(spec.pointer(), name());
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            failures.stream().skip(1).forEach(failures.getFirst()::addSuppressed);
            throw failures.getFirst();
        }
    }
}
