package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Talos's runtime.KernelParamDefaultsController: one {@code KernelParamDefaultSpec} per default of {@link
 * KernelParamDefaults}, written once. A default the kernel lacks is reported unsupported rather than failing, so
 * its spec ignores errors (Talos's kernel always has them; a host's may not).
 */
public final class KernelParamDefaultsController implements Controller {
    private final boolean containerMode;
    private final Path procSys;

    public KernelParamDefaultsController(boolean containerMode, Path procSys) {
        this.containerMode = containerMode;
        this.procSys = procSys;
    }

    @Override
    public String name() {
        return "runtime.KernelParamDefaultsController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(KernelParamSpec.DEFAULT_TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        for (KernelParamDefaults.Param param : KernelParamDefaults.of(containerMode, procSys)) {
            Specs.put(ctx, KernelParamSpec.DEFAULT_KIND.pointer(param.id()), new KernelParamSpec(param.value(), true));
        }
    }
}
