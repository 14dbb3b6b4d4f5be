package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;
import dev.anvil.machinery.resources.runtime.KernelParamStatus;
import dev.anvil.sys.Sysctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies kernel parameter specs over their defaults (a spec wins over the default of its ID, as in Talos) and says
 * what happened in {@code KernelParamStatus}. A sysctl is written only when
 * its value differs; the value the kernel had first is kept in the status as the default, and written back when
 * the spec goes away. In container mode only {@code net.*} sysctls are applied (they belong to the node's own
 * network namespace); every other parameter is global to the host and is reported as skipped.
 *
 * <p>A parameter the kernel does not have is reported unsupported when its spec ignores errors, and fails the
 * reconcile otherwise (as in Talos), after the other parameters are applied: the runtime retries with backoff.
 */
public final class KernelParamSpecController implements Controller {
    static final String SKIPPED_IN_CONTAINER = "skipped in container mode";

    private final Sysctl sysctl;
    private final boolean containerMode;

    public KernelParamSpecController(Sysctl sysctl, boolean containerMode) {
        this.sysctl = sysctl;
        this.containerMode = containerMode;
    }

    @Override
    public String name() {
        return "runtime.KernelParamSpecController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(KernelParamSpec.KIND.namespace(), KernelParamSpec.TYPE),
                Input.weak(KernelParamSpec.DEFAULT_KIND.namespace(), KernelParamSpec.DEFAULT_TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KernelParamStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Map<String, KernelParamStatus> statuses = new HashMap<>();
        for (Resource<?> status : ctx.list(KernelParamStatus.KIND)) {
            statuses.put(status.id(), status.as(KernelParamStatus.class).spec());
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, KernelParamSpec> wanted : wanted(ctx).entrySet()) {
            String id = wanted.getKey();
            KernelParamStatus before = statuses.remove(id);
            try {
                apply(id, wanted.getValue(), before).ifPresent(status ->
                        Specs.put(ctx, KernelParamStatus.KIND.pointer(id), status));
            } catch (RuntimeException e) {
                failures.add(id + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, KernelParamStatus> gone : statuses.entrySet()) {
            restore(gone.getKey(), gone.getValue());
            ctx.destroy(KernelParamStatus.KIND.pointer(gone.getKey()));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("kernel parameters not applied: " + String.join("; ", failures));
        }
    }

    /** The specs by ID, over the defaults: a spec wins over a default of its ID. */
    private static Map<String, KernelParamSpec> wanted(ReconcileContext ctx) {
        Map<String, KernelParamSpec> wanted = new TreeMap<>();
        for (Resource<?> raw : ctx.list(KernelParamSpec.DEFAULT_KIND)) {
            if (raw.metadata().phase() == Phase.RUNNING) {
                wanted.put(raw.id(), raw.as(KernelParamSpec.class).spec());
            }
        }
        for (Resource<?> raw : ctx.list(KernelParamSpec.KIND)) {
            if (raw.metadata().phase() != Phase.RUNNING) {
                continue;
            }
            KernelParamSpec spec = raw.as(KernelParamSpec.class).spec();
            KernelParamSpec replaced = wanted.put(raw.id(), spec);
            if (replaced != null && KernelParamDefaults.kspp(raw.id()) && !replaced.value().equals(spec.value())) {
                Log.warn("overriding KSPP enforced parameter, this is not recommended", "key", raw.id(),
                        "value", spec.value());
            }
        }
        return wanted;
    }

    /** The status after applying one spec, or empty when it must fail instead. */
    private Optional<KernelParamStatus> apply(String id, KernelParamSpec spec, KernelParamStatus before) {
        String skipped = skipReason(id);
        if (skipped != null) {
            return Optional.of(new KernelParamStatus("", "", false, skipped));
        }
        String key = id.substring(KernelParamSpec.SYSCTL.length() + 1);
        Optional<String> current = sysctl.read(key);
        if (current.isEmpty()) {
            if (spec.ignoreErrors()) {
                return Optional.of(new KernelParamStatus("", "", true, ""));
            }
            throw new IllegalArgumentException("the kernel has no parameter " + key);
        }
        String original = before != null && before.skipped().isEmpty() && !before.unsupported()
                ? before.defaultValue() : current.get();
        if (!current.get().equals(spec.value())) {
            Log.info("setting kernel parameter", "key", key, "value", spec.value());
            sysctl.write(key, spec.value());
        }
        return Optional.of(new KernelParamStatus(spec.value(), original, false, ""));
    }

    /** Why a parameter is left alone, or null when it is applied. */
    private String skipReason(String id) {
        if (id.startsWith(KernelParamSpec.SYSCTL + ".")) {
            boolean namespaced = id.startsWith(KernelParamSpec.SYSCTL + ".net.");
            return containerMode && !namespaced ? SKIPPED_IN_CONTAINER : null;
        }
        if (id.startsWith(KernelParamSpec.SYSFS + ".")) {
            return containerMode ? SKIPPED_IN_CONTAINER : "sysfs parameters are not applied yet";
        }
        return "not a sysctl or sysfs parameter";
    }

    /** Writes back the value a parameter had before Anvil set it, if Anvil did. */
    private void restore(String id, KernelParamStatus status) {
        if (!status.skipped().isEmpty() || status.unsupported() || status.defaultValue().isEmpty()) {
            return;
        }
        String key = id.substring(KernelParamSpec.SYSCTL.length() + 1);
        Log.info("restoring kernel parameter", "key", key, "value", status.defaultValue());
        try {
            sysctl.write(key, status.defaultValue());
        } catch (RuntimeException e) {
            Log.warn("kernel parameter not restored", "key", key, "error", e.getMessage());
        }
    }
}
