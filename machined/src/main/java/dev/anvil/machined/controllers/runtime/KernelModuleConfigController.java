package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.KernelModuleConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;
import dev.anvil.machinery.resources.runtime.KernelModuleSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code KernelModuleSpec} per module the config names ({@code machine.kernel.modules} and KernelModuleConfig
 * documents, which win for a module both name), by the module's name.
 */
public final class KernelModuleConfigController extends ConfigSpecController<KernelModuleSpec> {
    public KernelModuleConfigController() {
        super("runtime.KernelModuleConfigController", KernelModuleSpec.KIND);
    }

    @Override
    protected List<Keyed<KernelModuleSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return config.map(KernelModuleConfigController::specs).orElse(List.of());
    }

    static List<Keyed<KernelModuleSpec>> specs(ConfigBundle config) {
        Map<String, KernelModuleSpec> modules = new LinkedHashMap<>();
        config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().kernel()).map(MachineConfig.Kernel::modules)
                .orElse(List.of()).forEach(m -> put(modules, m.name(), m.parameters()));
        config.all(KernelModuleConfig.class).forEach(m -> put(modules, m.name(), m.parameters()));
        return modules.entrySet().stream().map(e -> new Keyed<>(e.getKey(), e.getValue())).toList();
    }

    private static void put(Map<String, KernelModuleSpec> modules, String name, List<String> parameters) {
        if (name != null && !name.isEmpty()) {
            modules.put(name, new KernelModuleSpec(name, parameters));
        }
    }
}
