package dev.anvil.machined.controllers;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.machined.controllers.block.BlockDeviceController;
import dev.anvil.machined.controllers.block.DiscoveredVolumeController;
import dev.anvil.machined.controllers.block.DiskController;
import dev.anvil.machined.controllers.cluster.MemberController;
import dev.anvil.machined.storage.SysBlock;
import dev.anvil.machined.etcd.EtcdService;
import dev.anvil.machined.controllers.network.AddressConfigController;
import dev.anvil.machined.controllers.network.AddressSpecController;
import dev.anvil.machined.controllers.network.AddressStatusController;
import dev.anvil.machined.controllers.network.CmdlineNetworking;
import dev.anvil.machined.controllers.files.MountBinds;
import dev.anvil.machined.controllers.files.UserFileController;
import dev.anvil.machined.controllers.network.EtcFileController;
import dev.anvil.machined.controllers.network.HostnameConfigController;
import dev.anvil.machined.controllers.network.HostnameSpecController;
import dev.anvil.machined.controllers.network.LinkConfigController;
import dev.anvil.machined.controllers.network.LinkSpecController;
import dev.anvil.machined.controllers.network.LinkStatusController;
import dev.anvil.machined.controllers.network.Merges;
import dev.anvil.machined.controllers.network.OperatorConfigController;
import dev.anvil.machined.controllers.network.OperatorSpecController;
import dev.anvil.machined.controllers.network.ResolverConfigController;
import dev.anvil.machined.controllers.network.NodeAddressController;
import dev.anvil.machined.controllers.network.RouteConfigController;
import dev.anvil.machined.controllers.network.RouteSpecController;
import dev.anvil.machined.controllers.network.RouteStatusController;
import dev.anvil.machined.controllers.network.StatusController;
import dev.anvil.machined.controllers.network.TimeServerConfigController;
import dev.anvil.machined.controllers.runtime.KernelModuleConfigController;
import dev.anvil.machined.controllers.runtime.KernelModuleSpecController;
import dev.anvil.machined.controllers.runtime.KernelParamConfigController;
import dev.anvil.machined.controllers.runtime.KernelParamDefaultsController;
import dev.anvil.machined.controllers.runtime.KernelParamSpecController;
import dev.anvil.machined.controllers.runtime.MachineStatusController;
import dev.anvil.machined.controllers.runtime.SecurityStateController;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machined.controllers.time.SyncController;
import dev.anvil.machined.time.Sntp;
import dev.anvil.machined.time.TimeSync;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.sys.KernelModules;
import dev.anvil.sys.Sysctl;

import dev.anvil.machined.controllers.k8s.ControlPlaneStaticPodController;
import dev.anvil.machined.controllers.k8s.KubeletConfigController;
import dev.anvil.machined.controllers.k8s.KubeletSpecController;
import dev.anvil.machined.controllers.k8s.KubernetesFilesController;
import dev.anvil.machined.controllers.k8s.ManifestApplyController;
import dev.anvil.machined.controllers.k8s.ManifestController;
import dev.anvil.machined.controllers.k8s.StaticPodServerController;
import dev.anvil.machined.controllers.secrets.KubeletController;
import dev.anvil.machined.controllers.secrets.KubernetesController;
import dev.anvil.machined.controllers.secrets.KubernetesDynamicCertsController;
import dev.anvil.machined.controllers.secrets.RootKubernetesController;

import java.nio.file.Path;
import java.time.InstantSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The controllers machined runs, in Talos's order of packages: block, network, runtime, cluster, then secrets and k8s.
 */
public final class Controllers {
    /** How often a synced node asks its time servers again (Talos polls between 32 s and about 17 min). */
    static final Duration TIME_POLL = Duration.ofSeconds(64);

    /** A container-mode node shares the host's clock: it observes, never sets. */
    static final TimeSync.ClockControl CONTAINER_CLOCK = new TimeSync.ClockControl() {
        @Override
        public boolean settable() {
            return false;
        }

        @Override
        public void stepBy(Duration offset) {
            throw new UnsupportedOperationException("a container-mode node never sets the clock");
        }
    };

    private Controllers() {
    }

    /**
     * A container-mode node's controllers, applying to the calling process's own UTS and network namespaces.
     *
     * @param platformHostname the launcher's name for the node (the hostname's platform layer), or null
     * @param stage            the boot stage, owned by the boot code
     */
    public static List<Controller> containerMode(String platformHostname, Supplier<MachineStatus.Stage> stage) {
        return containerMode(platformHostname, stage, KernelNetwork.ofThisProcess(), CmdlineNetworking.NONE);
    }

    /**
     * As {@link #containerMode(String, Supplier)}, applying links, addresses and routes through {@code network}, with
     * the kernel command line's network settings as the cmdline layer.
     */
    public static List<Controller> containerMode(String platformHostname, Supplier<MachineStatus.Stage> stage,
            KernelNetwork network, CmdlineNetworking cmdline) {
        return containerMode(platformHostname, stage, network, cmdline, Optional::empty);
    }

    /** As above, with the node's etcd once it has one (a control plane): VIP operators campaign through it. */
    public static List<Controller> containerMode(String platformHostname, Supplier<MachineStatus.Stage> stage,
            KernelNetwork network, CmdlineNetworking cmdline, Supplier<Optional<EtcdService>> etcd) {
        return of(true, Path.of("/lib/modules"), platformHostname, stage, network, cmdline, etcd);
    }

    /**
     * The controllers of a node: in container mode ({@code container}) kernel-global settings and modules are
     * skipped; as a booted system's init they are applied, modules loaded from {@code modules} (the running
     * kernel's /lib/modules/release).
     */
    public static List<Controller> of(boolean container, Path modules, String platformHostname,
            Supplier<MachineStatus.Stage> stage, KernelNetwork network, CmdlineNetworking cmdline,
            Supplier<Optional<EtcdService>> etcd) {
        SysBlock sysfs = new SysBlock(Path.of("/sys"));
        return List.of(
                new BlockDeviceController(sysfs),
                new DiskController(sysfs, Path.of("/dev")),
                new DiscoveredVolumeController(sysfs, Path.of("/dev")),
                new AddressConfigController(cmdline),
                Merges.address(),
                new AddressSpecController(network),
                new AddressStatusController(network),
                new HostnameConfigController(platformHostname),
                Merges.hostname(),
                new HostnameSpecController(HostnameSpecController.Uts.KERNEL),
                new LinkConfigController(cmdline),
                Merges.link(),
                new LinkSpecController(network),
                new LinkStatusController(network),
                new NodeAddressController(),
                new OperatorConfigController(),
                Merges.operator(),
                new OperatorSpecController(etcd),
                new ResolverConfigController(),
                Merges.resolver(),
                new RouteConfigController(cmdline),
                Merges.route(),
                new RouteSpecController(network),
                new RouteStatusController(network),
                new TimeServerConfigController(),
                Merges.timeServer(),
                StatusController.resolver(),
                StatusController.timeServer(),
                new EtcFileController(),
                new dev.anvil.machined.controllers.files.EtcFileController(Path.of("/etc")),
                new UserFileController(Path.of("/"), new MountBinds()),
                new KernelParamDefaultsController(container, Path.of("/proc/sys")),
                new KernelParamConfigController(),
                new KernelParamSpecController(new Sysctl(), container),
                new KernelModuleConfigController(),
                new KernelModuleSpecController(container, modules, Path.of("/sys/module"),
                        KernelModules::load),
                new SyncController(CONTAINER_CLOCK, new Sntp(), TIME_POLL),
                new MachineStatusController(stage),
                new SecurityStateController(Path.of("/sys/firmware/efi/efivars")),
                new MemberController(),
                new RootKubernetesController(),
                new KubeletController(),
                new KubernetesDynamicCertsController(InstantSource.system()),
                new KubernetesController(InstantSource.system()),
                new ControlPlaneStaticPodController(),
                new StaticPodServerController(),
                new ManifestController(),
                new ManifestApplyController(),
                new KubeletConfigController(),
                new KubeletSpecController(),
                new KubernetesFilesController(Path.of("/")));
    }
}
