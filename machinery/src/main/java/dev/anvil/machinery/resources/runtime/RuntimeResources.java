package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.ResourceTypes;

/** The node-runtime resource types, and their registration for clients and servers. */
public final class RuntimeResources {
    public static final String NAMESPACE = "runtime";

    private RuntimeResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(ServiceResource.DEFINITION, ServiceResource.class)
                .with(MachineStatus.DEFINITION, MachineStatus.class)
                .with(MachineConfig.DEFINITION, MachineConfig.class)
                .with(ApplyAudit.DEFINITION, ApplyAudit.class)
                .with(MetaKey.DEFINITION, MetaKey.class)
                .with(SecurityState.DEFINITION, SecurityState.class)
                .with(ResourceDefinition.of(KernelParamSpec.TYPE, NAMESPACE), KernelParamSpec.class)
                .with(ResourceDefinition.of(KernelParamSpec.DEFAULT_TYPE, NAMESPACE), KernelParamSpec.class)
                .with(ResourceDefinition.of(KernelModuleSpec.TYPE, NAMESPACE), KernelModuleSpec.class)
                .with(KernelModuleLoadStatus.DEFINITION, KernelModuleLoadStatus.class)
                .with(TimeStatus.DEFINITION, TimeStatus.class)
                .with(ResourceDefinition.of(KernelParamStatus.TYPE, NAMESPACE)
                        .withPrintColumn("Current", "{.current}").withPrintColumn("Default", "{.default}")
                        .withPrintColumn("Unsupported", "{.unsupported}"), KernelParamStatus.class);
    }
}
