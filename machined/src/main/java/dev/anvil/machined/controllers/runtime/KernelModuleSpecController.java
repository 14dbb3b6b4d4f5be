package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.runtime.KernelModuleLoadStatus;
import dev.anvil.machinery.resources.runtime.KernelModuleSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import dev.anvil.machinery.kernel.ModuleIndex;
import java.util.Set;

/**
 * Talos's runtime.KernelModuleSpecController: loads each module of a {@code KernelModuleSpec}, after the modules it
 * needs (the kernel's module index), and says so in a {@code KernelModuleLoadStatus}. A module the kernel has
 * already (built in or loaded: {@code /sys/module/<name>}) is not loaded again. Modules are never unloaded, as in
 * Talos. A container-mode node shares the host's kernel: it loads nothing and reports each module skipped. A
 * module that fails is reported and fails the reconcile after the others are tried (the runtime retries).
 */
public final class KernelModuleSpecController implements Controller {
    static final String SKIPPED_IN_CONTAINER = "skipped in container mode";

    /** Loading one module file; the kernel's is sys.KernelModules. */
    public interface Loader {
        void load(Path file, String parameters);
    }

    private final boolean containerMode;
    private final Path modulesDir;
    private final Path sysModule;
    private final Loader loader;

    /**
     * @param modulesDir the running kernel's {@code /lib/modules/<release>}
     * @param sysModule  {@code /sys/module}
     */
    public KernelModuleSpecController(boolean containerMode, Path modulesDir, Path sysModule, Loader loader) {
        this.containerMode = containerMode;
        this.modulesDir = modulesDir;
        this.sysModule = sysModule;
        this.loader = loader;
    }

    @Override
    public String name() {
        return "runtime.KernelModuleSpecController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(KernelModuleSpec.KIND.namespace(), KernelModuleSpec.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KernelModuleLoadStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Set<String> wanted = new HashSet<>();
        List<String> failures = new ArrayList<>();
        ModuleIndex index = null;
        for (Resource<?> raw : ctx.list(KernelModuleSpec.KIND)) {
            if (raw.metadata().phase() != Phase.RUNNING) {
                continue;
            }
            wanted.add(raw.id());
            KernelModuleSpec spec = raw.as(KernelModuleSpec.class).spec();
            KernelModuleLoadStatus status;
            if (containerMode) {
                status = new KernelModuleLoadStatus(false, "", SKIPPED_IN_CONTAINER, "");
            } else {
                index = index == null ? ModuleIndex.read(modulesDir) : index;
                status = load(index, spec);
                if (!status.error().isEmpty()) {
                    failures.add(spec.name() + ": " + status.error());
                }
            }
            Specs.put(ctx, KernelModuleLoadStatus.KIND.pointer(raw.id()), status);
        }
        for (Resource<?> status : ctx.list(KernelModuleLoadStatus.KIND)) {
            if (!wanted.contains(status.id())) {
                ctx.destroy(status.pointer());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("kernel modules not loaded: " + String.join("; ", failures));
        }
    }

    private KernelModuleLoadStatus load(ModuleIndex index, KernelModuleSpec spec) {
        String name = ModuleIndex.normalise(spec.name());
        List<String> order = index.loadOrder(name);
        Optional<List<Path>> files = order.isEmpty() ? Optional.empty()
                : Optional.of(order.stream().map(m -> modulesDir.resolve(index.path(m).orElseThrow())).toList());
        if (files.isEmpty()) {
            return Files.isDirectory(sysModule.resolve(name))
                    ? new KernelModuleLoadStatus(true, "", "", "")
                    : new KernelModuleLoadStatus(false, "", "", "module " + spec.name() + " not found in "
                            + modulesDir.resolve("modules.dep"));
        }
        Path own = files.get().getLast();
        try {
            for (Path file : files.get()) {
                String module = ModuleIndex.nameOf(file.toString());
                if (Files.isDirectory(sysModule.resolve(module))) {
                    continue;
                }
                boolean target = file.equals(own);
                Log.info("loading kernel module", "module", module, "file", file.toString());
                loader.load(file, target ? String.join(" ", spec.parameters()) : "");
            }
            return new KernelModuleLoadStatus(true, own.toString(), "", "");
        } catch (RuntimeException e) {
            return new KernelModuleLoadStatus(false, own.toString(), "", String.valueOf(e.getMessage()));
        }
    }
}
