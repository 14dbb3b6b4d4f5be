package dev.anvil.machined.controllers;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.machined.controllers.cluster.MemberController;
import dev.anvil.machined.controllers.network.AddressConfigController;
import dev.anvil.machined.controllers.network.HostnameConfigController;
import dev.anvil.machined.controllers.network.HostnameSpecController;
import dev.anvil.machined.controllers.network.LinkConfigController;
import dev.anvil.machined.controllers.network.Merges;
import dev.anvil.machined.controllers.network.ResolverConfigController;
import dev.anvil.machined.controllers.network.RouteConfigController;
import dev.anvil.machined.controllers.network.TimeServerConfigController;
import dev.anvil.machined.controllers.runtime.KernelParamConfigController;
import dev.anvil.machined.controllers.runtime.KernelParamSpecController;
import dev.anvil.machined.controllers.runtime.MachineStatusController;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.sys.Sysctl;

import java.util.List;
import java.util.function.Supplier;

/** The controllers machined runs, in Talos's order of packages: network, then runtime, then cluster. */
public final class Controllers {
    private Controllers() {
    }

    /**
     * A container-mode node's controllers, applying to the calling process's own UTS and network namespaces.
     *
     * @param platformHostname the launcher's name for the node (the hostname's platform layer), or null
     * @param stage            the boot stage, owned by the boot code
     */
    public static List<Controller> containerMode(String platformHostname, Supplier<MachineStatus.Stage> stage) {
        return List.of(
                new AddressConfigController(),
                Merges.address(),
                new HostnameConfigController(platformHostname),
                Merges.hostname(),
                new HostnameSpecController(HostnameSpecController.Uts.KERNEL),
                new LinkConfigController(),
                Merges.link(),
                new ResolverConfigController(),
                Merges.resolver(),
                new RouteConfigController(),
                Merges.route(),
                new TimeServerConfigController(),
                Merges.timeServer(),
                new KernelParamConfigController(),
                new KernelParamSpecController(new Sysctl(), true),
                new MachineStatusController(stage),
                new MemberController());
    }
}
