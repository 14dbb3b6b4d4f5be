package dev.anvil.machined.server;

import dev.anvil.machinery.version.BuildInfo;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.common.Data;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.machine.ApplyConfiguration;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.ApplyConfigurationResponse;
import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.BootstrapResponse;
import dev.anvil.api.machine.CPUInfoResponse;
import dev.anvil.api.machine.EtcdAlarmDisarmResponse;
import dev.anvil.api.machine.EtcdAlarmListResponse;
import dev.anvil.api.machine.EtcdDefragmentResponse;
import dev.anvil.api.machine.EtcdForfeitLeadershipRequest;
import dev.anvil.api.machine.EtcdForfeitLeadershipResponse;
import dev.anvil.api.machine.EtcdLeaveClusterRequest;
import dev.anvil.api.machine.EtcdLeaveClusterResponse;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdMemberListResponse;
import dev.anvil.api.machine.EtcdRecoverResponse;
import dev.anvil.api.machine.ContainersRequest;
import dev.anvil.api.machine.ContainersResponse;
import dev.anvil.api.machine.RestartRequest;
import dev.anvil.api.machine.RestartResponse;
import dev.anvil.api.machine.StatsRequest;
import dev.anvil.api.machine.StatsResponse;
import dev.anvil.machined.containerd.Containerd;
import dev.anvil.api.machine.EtcdRemoveMemberByIDRequest;
import dev.anvil.api.machine.EtcdRemoveMemberByIDResponse;
import dev.anvil.api.machine.EtcdSnapshotRequest;
import dev.anvil.api.machine.EtcdStatusResponse;
import dev.anvil.machined.etcd.EtcdService;
import dev.anvil.machined.storage.Meta;
import dev.anvil.api.machine.DiskStatsResponse;
import dev.anvil.api.machine.CopyRequest;
import dev.anvil.api.machine.DiskUsageInfo;
import dev.anvil.api.machine.DiskUsageRequest;
import dev.anvil.api.machine.DmesgRequest;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.api.machine.FeaturesInfo;
import dev.anvil.api.machine.FileInfo;
import dev.anvil.api.machine.Hostname;
import dev.anvil.api.machine.HostnameResponse;
import dev.anvil.api.machine.GenerateClientConfiguration;
import dev.anvil.api.machine.GenerateClientConfigurationRequest;
import dev.anvil.api.machine.GenerateClientConfigurationResponse;
import dev.anvil.api.machine.Reboot;
import dev.anvil.api.machine.RebootRequest;
import dev.anvil.api.machine.RebootResponse;
import dev.anvil.api.machine.Reset;
import dev.anvil.api.machine.RollbackRequest;
import dev.anvil.api.machine.RollbackResponse;
import dev.anvil.api.machine.ResetPartitionSpec;
import dev.anvil.api.machine.ResetRequest;
import dev.anvil.api.machine.ResetResponse;
import dev.anvil.api.machine.Shutdown;
import dev.anvil.api.machine.ShutdownRequest;
import dev.anvil.api.machine.ShutdownResponse;
import dev.anvil.machined.lifecycle.Lifecycle;
import dev.anvil.machined.sequencer.SequenceLockedException;
import dev.anvil.machinery.client.ClientConfigFile;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import dev.anvil.api.machine.LoadAvgResponse;
import dev.anvil.api.machine.ListRequest;
import dev.anvil.api.machine.LogsContainersResponse;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.MemoryResponse;
import dev.anvil.api.machine.MetaDeleteRequest;
import dev.anvil.api.machine.MetaDeleteResponse;
import dev.anvil.api.machine.MetaWriteRequest;
import dev.anvil.api.machine.MetaWriteResponse;
import dev.anvil.api.machine.MountsResponse;
import dev.anvil.api.machine.NetstatRequest;
import dev.anvil.api.machine.NetstatResponse;
import dev.anvil.api.machine.NetworkDeviceStatsResponse;
import dev.anvil.api.machine.PacketCaptureRequest;
import dev.anvil.api.machine.PlatformInfo;
import dev.anvil.api.machine.ProcessesResponse;
import dev.anvil.api.machine.ReadRequest;
import dev.anvil.api.machine.ServiceListResponse;
import dev.anvil.api.machine.ServiceRestart;
import dev.anvil.api.machine.ServiceRestartRequest;
import dev.anvil.api.machine.ServiceRestartResponse;
import dev.anvil.api.machine.ServiceStartRequest;
import dev.anvil.api.machine.ServiceStartResponse;
import dev.anvil.api.machine.ServiceStop;
import dev.anvil.api.machine.ServiceStopRequest;
import dev.anvil.api.machine.ServiceStopResponse;
import dev.anvil.api.machine.SystemStatResponse;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionInfo;
import dev.anvil.api.machine.VersionResponse;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.machined.config.ConfigApplier;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.procfs.Procfs;
import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machined.upgrade.Upgrades;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.role.Role;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code machine.MachineService} RPCs machined can back so far, with Talos's behaviour: every unary reply is
 * one message carrying this node's hostname; Logs, Events, Dmesg and the file RPCs (List, Read, Copy, DiskUsage,
 * served by {@link NodeFiles} within its allowed roots) stream from a thread of their own each ({@link Streams})
 * until done or, when following, until the client cancels. The node information RPCs (Processes, Memory,
 * LoadAvg, SystemStat, CPUInfo, Mounts, NetworkDeviceStats, DiskStats) read the node's /proc afresh on each call
 * ({@link Procfs}). Roles were checked before any handler runs (the authorization interceptor).
 *
 * <p>Each concern has a class of its own ({@link ServiceRpcs}, {@link EventRpcs}, {@link EtcdRpcs}, ...) that
 * this one delegates to. ServiceStop and ServiceRestart block their handler until the service has ended, so serve
 * this on an executor of virtual threads. {@link #close()} ends the streams still running.
 */
public final class MachineServer extends MachineServiceGrpc.MachineServiceImplBase implements AutoCloseable {
    private final ConfigApplier applier;
    private final Lifecycle lifecycle;
    private final ClientCredentials clients;
    private final NodeFiles files;
    private final State state;
    private final Platform platform;
    private final BuildInfo build;
    private final Streams streams = new Streams();
    private final Procfs procfs = Procfs.system();
    private final ServiceRpcs services;
    private final EventRpcs nodeEvents;
    private final EtcdRpcs etcd;
    private final MetaRpcs meta;
    private final PacketCaptures captures;
    private final ContainerRpcs containers;
    private final KubeconfigRpc kubeconfig;
    private final UpgradeRpcs upgrades;

    /** The applier of a node that takes no configuration over the API. */
    static final ConfigApplier NO_CONFIG = request -> {
        throw new ConfigApplier.Refused("this node takes no configuration over the API", false);
    };

    public MachineServer(Supervisor supervisor, ServiceHistory history, EventStream events, State state,
            Platform platform, BuildInfo build) {
        this(supervisor, history, events, state, platform, build, new Control(NO_CONFIG, null,
                ClientCredentials.none()));
    }

    /**
     * What the API may change on the node: its config, its life (null: Reboot, Shutdown and Reset are not
     * available), client certificates from its OS CA, its etcd member (null where it runs none), its META (null:
     * none) and its containerd (null: none).
     */
    public record Control(ConfigApplier applier, Lifecycle lifecycle, ClientCredentials clients, EtcdService etcd,
            Meta meta, Containerd containerd, Upgrades upgrades) {
        /** The control of a node that runs no etcd and no containerd, and has no META and no boot slots. */
        public Control(ConfigApplier applier, Lifecycle lifecycle, ClientCredentials clients) {
            this(applier, lifecycle, clients, null, null, null, null);
        }
    }

    /** A server whose file RPCs show the node's own directories ({@link NodeFiles#node()}). */
    public MachineServer(Supervisor supervisor, ServiceHistory history, EventStream events, State state,
            Platform platform, BuildInfo build, Control control) {
        this(supervisor, history, events, state, platform, build, control, NodeFiles.node());
    }

    public MachineServer(Supervisor supervisor, ServiceHistory history, EventStream events, State state,
            Platform platform, BuildInfo build, Control control, NodeFiles files) {
        this.applier = control.applier();
        this.lifecycle = control.lifecycle();
        this.clients = control.clients();
        this.files = files;
        this.state = state;
        this.platform = platform;
        this.build = build;
        this.services = new ServiceRpcs(supervisor, history, streams);
        this.nodeEvents = new EventRpcs(events, streams);
        this.etcd = new EtcdRpcs(control.etcd(), streams);
        this.meta = new MetaRpcs(control.meta());
        this.captures = new PacketCaptures(state, streams);
        this.containers = new ContainerRpcs(control.containerd());
        this.kubeconfig = new KubeconfigRpc(state);
        this.upgrades = new UpgradeRpcs(control.upgrades());
    }

    /** The upgrade RPCs, which the upgrade service shares. */
    UpgradeRpcs upgradeRpcs() {
        return upgrades;
    }

    /** The container and image RPCs, which the image service shares. */
    ContainerRpcs containerRpcs() {
        return containers;
    }

    /**
     * Applies a config as the node's applier decides. Readers may apply only in maintenance mode, as in Talos: on a
     * configured node the caller must be an admin.
     */
    @Override
    public void applyConfiguration(ApplyConfigurationRequest request,
            StreamObserver<ApplyConfigurationResponse> response) {
        Set<Role> roles = CallerRoles.ROLES.get();
        if (configured() && (roles == null || !roles.contains(Role.ADMIN))) {
            response.onError(Status.PERMISSION_DENIED.withDescription("not authorized: a configured node takes"
                    + " configs from os:admin only").asRuntimeException());
            return;
        }
        if (request.getMode() == ApplyConfigurationRequest.Mode.UNRECOGNIZED) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("incorrect mode " + request.getModeValue()
                    + " specified for the apply config call").asRuntimeException());
            return;
        }
        String subject = CallerRoles.SUBJECT.get();
        var caller = new ConfigApplier.Caller(subject == null ? "" : subject, roles == null ? List.of()
                : roles.stream().map(Role::toString).sorted().toList());
        var asked = new ConfigApplier.Request(request.getData().toStringUtf8(),
                ConfigApplier.Mode.valueOf(request.getMode().name()), request.getDryRun(),
                request.hasTryModeTimeout() ? Duration.ofSeconds(request.getTryModeTimeout().getSeconds(),
                        request.getTryModeTimeout().getNanos()) : null, caller, request.getConfirmTry());
        try {
            var outcome = applier.apply(asked);
            if (outcome.afterReply() != null) {
                // once the reply has left, or the client has gone: either way the change is made, once
                var call = (ServerCallStreamObserver<ApplyConfigurationResponse>) response;
                AtomicBoolean done = new AtomicBoolean();
                Runnable once = () -> {
                    if (done.compareAndSet(false, true)) {
                        outcome.afterReply().run();
                    }
                };
                call.setOnCloseHandler(once);
                call.setOnCancelHandler(once);
            }
            response.onNext(ApplyConfigurationResponse.newBuilder().addMessages(ApplyConfiguration.newBuilder()
                    .setMetadata(node())
                    .addAllWarnings(outcome.warnings())
                    .setMode(ApplyConfigurationRequest.Mode.valueOf(outcome.mode().name()))
                    .setModeDetails(outcome.details())).build());
            response.onCompleted();
        } catch (ConfigApplier.Refused e) {
            response.onError((e.invalid() ? Status.INVALID_ARGUMENT : Status.FAILED_PRECONDITION)
                    .withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void reboot(RebootRequest request, StreamObserver<RebootResponse> response) {
        act(response, () -> RebootResponse.newBuilder().addMessages(Reboot.newBuilder().setMetadata(node())
                .setActorId(lifecycle.reboot())).build());
    }

    /** There is no Kubernetes node to cordon and drain yet, so {@code force} changes nothing. */
    @Override
    public void shutdown(ShutdownRequest request, StreamObserver<ShutdownResponse> response) {
        act(response, () -> ShutdownResponse.newBuilder().addMessages(Shutdown.newBuilder().setMetadata(node())
                .setActorId(lifecycle.shutdown())).build());
    }

    /**
     * Wipes the system partitions asked for (all of them by default) and reboots or powers off; when graceful, a
     * control plane's etcd member leaves the cluster first. There is no user disk in container mode: user disks are
     * refused.
     */
    @Override
    public void reset(ResetRequest request, StreamObserver<ResetResponse> response) {
        if (request.getUserDisksToWipeCount() > 0 || request.getMode() == ResetRequest.WipeMode.USER_DISKS) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("this node has no user disks to wipe")
                    .asRuntimeException());
            return;
        }
        if (request.getGraceful()) {
            try {
                etcd.leaveBeforeReset();
            } catch (StatusRuntimeException e) {
                response.onError(e);
                return;
            }
        }
        Set<String> labels = new LinkedHashSet<>();
        request.getSystemPartitionsToWipeList().stream().filter(ResetPartitionSpec::getWipe)
                .forEach(p -> labels.add(p.getLabel()));
        act(response, () -> ResetResponse.newBuilder().addMessages(Reset.newBuilder().setMetadata(node())
                .setActorId(lifecycle.reset(labels, request.getReboot()))).build());
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<RollbackResponse> response) {
        upgrades.rollback(request, response);
    }

    /** Runs a lifecycle action: the reply carries its actor id, or says why it cannot start. */
    private <T> void act(StreamObserver<T> response, Supplier<T> action) {
        if (lifecycle == null) {
            response.onError(Status.UNIMPLEMENTED.withDescription("this node cannot reboot, shut down or reset")
                    .asRuntimeException());
            return;
        }
        try {
            reply(response, action.get());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (SequenceLockedException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void generateClientConfiguration(GenerateClientConfigurationRequest request,
            StreamObserver<GenerateClientConfigurationResponse> response) {
        ClientCredentials.Issued issued;
        try {
            issued = clients.issue(request.getRolesList(), Duration.ofSeconds(request.getCrtTtl().getSeconds(),
                    request.getCrtTtl().getNanos()));
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (IllegalStateException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        reply(response, GenerateClientConfigurationResponse.newBuilder().addMessages(
                GenerateClientConfiguration.newBuilder().setMetadata(node())
                        .setCa(ByteString.copyFromUtf8(issued.caPem()))
                        .setCrt(ByteString.copyFromUtf8(issued.certificate().certificatePem()))
                        .setKey(ByteString.copyFromUtf8(issued.certificate().keyPem()))
                        .setTalosconfig(ByteString.copyFromUtf8(ClientConfigFile.encode(issued.config())))).build());
    }

    @Override
    public void version(Empty request, StreamObserver<VersionResponse> response) {
        var version = Version.newBuilder()
                .setMetadata(node())
                .setVersion(VersionInfo.newBuilder()
                        .setTag(build.tag())
                        .setSha(build.sha())
                        .setGoVersion("java" + Runtime.version())
                        .setOs(System.getProperty("os.name").toLowerCase(Locale.ROOT))
                        .setArch(goArch(System.getProperty("os.arch"))))
                .setPlatform(PlatformInfo.newBuilder().setName(platform.name()).setMode(platform.mode()));
        version.addAllAnvilBootSlots(upgrades.slots());
        // Talos reports features only once the node has a config (not in maintenance mode)
        if (configured()) {
            version.setFeatures(FeaturesInfo.newBuilder().setRbac(true));
        }
        reply(response, VersionResponse.newBuilder().addMessages(version).build());
    }

    @Override
    public void hostname(Empty request, StreamObserver<HostnameResponse> response) {
        reply(response, HostnameResponse.newBuilder()
                .addMessages(Hostname.newBuilder().setMetadata(node()).setHostname(dev.anvil.sys.Hostname.get()))
                .build());
    }

    @Override
    public void serviceList(Empty request, StreamObserver<ServiceListResponse> response) {
        services.list(request, response);
    }

    @Override
    public void serviceStart(ServiceStartRequest request, StreamObserver<ServiceStartResponse> response) {
        services.start(request, response);
    }

    @Override
    public void serviceStop(ServiceStopRequest request, StreamObserver<ServiceStopResponse> response) {
        services.stop(request, response);
    }

    @Override
    public void serviceRestart(ServiceRestartRequest request, StreamObserver<ServiceRestartResponse> response) {
        services.restart(request, response);
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<Data> response) {
        services.logs(request, response);
    }

    @Override
    public void logsContainers(Empty request, StreamObserver<LogsContainersResponse> response) {
        services.logsContainers(request, response);
    }

    @Override
    public void events(EventsRequest request, StreamObserver<Event> response) {
        nodeEvents.events(request, response);
    }

    @Override
    public void dmesg(DmesgRequest request, StreamObserver<Data> response) {
        nodeEvents.dmesg(request, response);
    }

    @Override
    public void processes(Empty request, StreamObserver<ProcessesResponse> response) {
        replyRead(response, () -> ProcessesResponse.newBuilder()
                .addMessages(ProcfsMessages.processes(procfs.processes()).setMetadata(node())).build());
    }

    @Override
    public void memory(Empty request, StreamObserver<MemoryResponse> response) {
        replyRead(response, () -> MemoryResponse.newBuilder()
                .addMessages(ProcfsMessages.memory(procfs.memory()).setMetadata(node())).build());
    }

    @Override
    public void loadAvg(Empty request, StreamObserver<LoadAvgResponse> response) {
        replyRead(response, () -> LoadAvgResponse.newBuilder()
                .addMessages(ProcfsMessages.loadAverage(procfs.loadAverage()).setMetadata(node())).build());
    }

    @Override
    public void systemStat(Empty request, StreamObserver<SystemStatResponse> response) {
        replyRead(response, () -> SystemStatResponse.newBuilder()
                .addMessages(ProcfsMessages.systemStat(procfs.stat()).setMetadata(node())).build());
    }

    @Override
    public void cPUInfo(Empty request, StreamObserver<CPUInfoResponse> response) {
        replyRead(response, () -> CPUInfoResponse.newBuilder()
                .addMessages(ProcfsMessages.cpus(procfs.cpus()).setMetadata(node())).build());
    }

    @Override
    public void mounts(Empty request, StreamObserver<MountsResponse> response) {
        replyRead(response, () -> MountsResponse.newBuilder()
                .addMessages(ProcfsMessages.mounts(procfs.mounts()).setMetadata(node())).build());
    }

    @Override
    public void networkDeviceStats(Empty request, StreamObserver<NetworkDeviceStatsResponse> response) {
        replyRead(response, () -> NetworkDeviceStatsResponse.newBuilder()
                .addMessages(ProcfsMessages.networkDevices(procfs.networkDevices()).setMetadata(node())).build());
    }

    /** The node's sockets; see {@link Netstats}. */
    @Override
    public void netstat(NetstatRequest request, StreamObserver<NetstatResponse> response) {
        Netstats.serve(request, procfs, node(), response);
    }

    /** A link's frames as a pcap file; see {@link PacketCaptures}. */
    @Override
    public void packetCapture(PacketCaptureRequest request, StreamObserver<Data> response) {
        captures.capture(request, response);
    }

    @Override
    public void diskStats(Empty request, StreamObserver<DiskStatsResponse> response) {
        replyRead(response, () -> DiskStatsResponse.newBuilder()
                .addMessages(ProcfsMessages.disks(procfs.disks()).setMetadata(node())).build());
    }

    /** A directory listing; see {@link NodeFiles#list}. */
    @Override
    public void list(ListRequest request, StreamObserver<FileInfo> response) {
        streams.start(response, Thread.ofVirtual().name("list"), out -> files.list(request, out::send));
    }

    /** A file's contents; see {@link NodeFiles#read}. */
    @Override
    public void read(ReadRequest request, StreamObserver<Data> response) {
        streams.start(response, Thread.ofVirtual().name("read"), out -> files.read(request, out::send));
    }

    /** A gzip-compressed tar archive; see {@link NodeFiles#copy}. */
    @Override
    public void copy(CopyRequest request, StreamObserver<Data> response) {
        streams.start(response, Thread.ofVirtual().name("copy"), out -> files.copy(request, out::send));
    }

    /** Disk usage; see {@link NodeFiles#usage}. */
    @Override
    public void diskUsage(DiskUsageRequest request, StreamObserver<DiskUsageInfo> response) {
        streams.start(response, Thread.ofVirtual().name("usage"), out -> files.usage(request, out::send));
    }

    @Override
    public void metaWrite(MetaWriteRequest request, StreamObserver<MetaWriteResponse> response) {
        meta.write(request, response);
    }

    @Override
    public void metaDelete(MetaDeleteRequest request, StreamObserver<MetaDeleteResponse> response) {
        meta.delete(request, response);
    }

    @Override
    public void bootstrap(BootstrapRequest request, StreamObserver<BootstrapResponse> response) {
        etcd.bootstrap(request, response);
    }

    @Override
    public void etcdMemberList(EtcdMemberListRequest request, StreamObserver<EtcdMemberListResponse> response) {
        etcd.memberList(request, response);
    }

    @Override
    public void etcdStatus(Empty request, StreamObserver<EtcdStatusResponse> response) {
        etcd.status(response);
    }

    @Override
    public void etcdLeaveCluster(EtcdLeaveClusterRequest request, StreamObserver<EtcdLeaveClusterResponse> response) {
        etcd.leaveCluster(response);
    }

    @Override
    public void etcdRemoveMemberByID(EtcdRemoveMemberByIDRequest request,
            StreamObserver<EtcdRemoveMemberByIDResponse> response) {
        etcd.removeMemberById(request, response);
    }

    @Override
    public void etcdForfeitLeadership(EtcdForfeitLeadershipRequest request,
            StreamObserver<EtcdForfeitLeadershipResponse> response) {
        etcd.forfeitLeadership(response);
    }

    @Override
    public void etcdDefragment(Empty request, StreamObserver<EtcdDefragmentResponse> response) {
        etcd.defragment(response);
    }

    @Override
    public void etcdAlarmList(Empty request, StreamObserver<EtcdAlarmListResponse> response) {
        etcd.alarmList(response);
    }

    @Override
    public void etcdAlarmDisarm(Empty request, StreamObserver<EtcdAlarmDisarmResponse> response) {
        etcd.alarmDisarm(response);
    }

    @Override
    public void kubeconfig(Empty request, StreamObserver<Data> response) {
        kubeconfig.kubeconfig(response);
    }

    @Override
    public void etcdSnapshot(EtcdSnapshotRequest request, StreamObserver<Data> response) {
        etcd.snapshot(response);
    }

    @Override
    public StreamObserver<Data> etcdRecover(StreamObserver<EtcdRecoverResponse> response) {
        return etcd.recover(response);
    }

    /** Ends the streams still being sent and waits for their threads. */
    @Override
    public void containers(ContainersRequest request, StreamObserver<ContainersResponse> response) {
        fromContainerd(response, () -> containers.containers(request));
    }

    @Override
    public void stats(StatsRequest request, StreamObserver<StatsResponse> response) {
        fromContainerd(response, () -> containers.stats(request));
    }

    @Override
    public void restart(RestartRequest request, StreamObserver<RestartResponse> response) {
        fromContainerd(response, () -> containers.restart(request));
    }

    private static <T> void fromContainerd(StreamObserver<T> response, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (StatusRuntimeException e) {
            response.onError(ContainerRpcs.fromContainerd(e));
            return;
        }
        reply(response, reply);
    }

    @Override
    public void close() {
        streams.close();
    }

    /** How many streams are being sent (tests check that cancelled calls leave none behind). */
    int streams() {
        return streams.running();
    }

    private boolean configured() {
        try {
            state.get(MachineConfig.ACTIVE);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Go's names for the architectures Java names differently. */
    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "aarch64" -> "arm64";
            case "x86_64" -> "amd64";
            default -> javaArch;
        };
    }

    @SuppressWarnings("deprecation")  // Talos marks Metadata deprecated, yet every reply still carries it
    static Metadata node() {
        return Metadata.newBuilder().setHostname(dev.anvil.sys.Hostname.get()).build();
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    /** Replies with a reading of the node's /proc; a file that cannot be read or parsed is INTERNAL. */
    private static <T> void replyRead(StreamObserver<T> response, Reading<T> reading) {
        T reply;
        try {
            reply = reading.read();
        } catch (IOException | IllegalArgumentException e) {
            response.onError(Status.INTERNAL.withDescription("reading the node's /proc: " + e.getMessage())
                    .withCause(e).asRuntimeException());
            return;
        }
        reply(response, reply);
    }

    static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
