package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.SysctlConfig;
import dev.anvil.machinery.config.document.SysfsConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One {@code KernelParamSpec} per kernel parameter the config sets: {@code machine.sysctls} and
 * {@code machine.sysfs}, with the SysctlConfig and SysfsConfig documents winning for a key both set (as Talos
 * merges them). IDs are {@code proc.sys.<key>} and {@code sys.<key>}.
 */
public final class KernelParamConfigController extends ConfigSpecController<KernelParamSpec> {
    public KernelParamConfigController() {
        super("runtime.KernelParamConfigController", KernelParamSpec.KIND);
    }

    @Override
    protected List<Keyed<KernelParamSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        return config.map(KernelParamConfigController::specs).orElse(List.of());
    }

    static List<Keyed<KernelParamSpec>> specs(ConfigBundle config) {
        Optional<MachineConfig> machine = config.v1alpha1().map(v -> v.machine());
        List<Keyed<KernelParamSpec>> specs = new ArrayList<>();
        add(specs, KernelParamSpec.SYSCTL, machine.map(MachineConfig::sysctls).orElse(null),
                config.all(SysctlConfig.class), SysctlConfig::params);
        add(specs, KernelParamSpec.SYSFS, machine.map(MachineConfig::sysfs).orElse(null),
                config.all(SysfsConfig.class), SysfsConfig::params);
        return specs;
    }

    private static <D> void add(List<Keyed<KernelParamSpec>> specs, String prefix, Map<String, String> legacy,
            List<D> documents, Function<D, Map<String, String>> params) {
        Map<String, String> merged = new TreeMap<>(legacy == null ? Map.of() : legacy);
        for (D document : documents) {
            Map<String, String> values = params.apply(document);
            if (values != null) {
                merged.putAll(values);
            }
        }
        merged.forEach((key, value) -> specs.add(new Keyed<>(prefix + "." + key,
                new KernelParamSpec(value == null ? "" : value, false))));
    }
}
