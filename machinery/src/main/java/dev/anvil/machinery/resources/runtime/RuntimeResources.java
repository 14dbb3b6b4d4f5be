package dev.anvil.machinery.resources.runtime;

import dev.anvil.machinery.resources.ResourceTypes;

import java.util.Set;

/** The node-runtime resource types, and their registration for clients and servers. */
public final class RuntimeResources {
    public static final String NAMESPACE = "runtime";

    /** Types only os:admin may read. */
    public static final Set<String> SENSITIVE = Set.of(MachineConfig.TYPE);

    private RuntimeResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(ServiceResource.TYPE, ServiceResource.class)
                .with(MachineStatus.TYPE, MachineStatus.class)
                .with(MachineConfig.TYPE, MachineConfig.class)
                .with(KernelParamSpec.TYPE, KernelParamSpec.class)
                .with(KernelParamStatus.TYPE, KernelParamStatus.class);
    }
}
