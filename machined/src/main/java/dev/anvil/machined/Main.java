package dev.anvil.machined;

import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.WatchCondition;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.machined.config.AuditLog;
import dev.anvil.machined.config.AuditedApplier;
import dev.anvil.machined.config.CmdlineConfig;
import dev.anvil.machined.config.ConfigApplier;
import dev.anvil.machined.config.ControllerHealth;
import dev.anvil.machined.config.ResourcePlan;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machined.config.ConfigPublisher;
import dev.anvil.machined.config.MaintenanceApplier;
import dev.anvil.machined.config.ModeApplier;
import dev.anvil.machined.config.PersistedConfig;
import dev.anvil.machined.controllers.Controllers;
import dev.anvil.machined.controllers.network.CmdlineNetworking;
import dev.anvil.machined.controllers.network.KernelCmdline;
import dev.anvil.machined.controllers.network.OperatorConfigController;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machined.controllers.runtime.MachineStatusController;
import dev.anvil.machined.containerd.ContainerdService;
import dev.anvil.machined.containerd.NodeContainers;
import dev.anvil.machined.controllers.containerd.ContainerServiceController;
import dev.anvil.machined.etcd.ControlPlanePeers;
import dev.anvil.machined.etcd.EtcdService;
import dev.anvil.machined.etcd.EtcdSetup;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.kubernetes.KubeletService;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.NodeAddresses;
import dev.anvil.machined.pid1.Pid1;
import dev.anvil.machined.resources.Definitions;
import dev.anvil.machined.resources.ServicePublisher;
import dev.anvil.machined.lifecycle.Lifecycle;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.machined.membership.AffiliateRegistry;
import dev.anvil.machined.membership.NodeIdentity;
import dev.anvil.machined.server.ApiServer;
import dev.anvil.machined.server.IdentityKeyManager;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.resources.cluster.ClusterResources;
import dev.anvil.machinery.resources.cluster.Identity;
import dev.anvil.machinery.resources.cluster.MachineType;
import java.net.URI;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import dev.anvil.machined.server.ClientCredentials;
import dev.anvil.machined.server.NodeServices;
import dev.anvil.machinery.version.BuildInfo;
import dev.anvil.machined.server.MachineServer;
import dev.anvil.machined.server.Platform;
import dev.anvil.machined.server.ServerCertificates;
import dev.anvil.machined.server.ServiceHistory;
import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.server.files.Roots;
import dev.anvil.machined.server.proxy.LocalTargets;
import dev.anvil.machined.sequencer.Phase;
import dev.anvil.machined.sequencer.Sequence;
import dev.anvil.machined.sequencer.Sequencer;
import dev.anvil.machined.sequencer.Task;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machined.storage.Meta;
import dev.anvil.machined.upgrade.ContainerSlots;
import dev.anvil.machined.upgrade.Upgrades;
import dev.anvil.machinery.config.document.UpgradeTrustConfig;
import dev.anvil.machinery.upgrade.BundleSignature;
import dev.anvil.machinery.config.document.ContainerServiceConfig;
import dev.anvil.machinery.config.document.MachinedLogConfig;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.block.BlockResources;
import dev.anvil.machinery.resources.files.FilesResources;
import dev.anvil.machinery.resources.k8s.K8sResources;
import dev.anvil.machinery.resources.secrets.SecretsResources;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.sys.Exec;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Reaper;

import java.nio.file.Path;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * machined: the node daemon. In container mode the launcher (bin/machined) has already put it in its own network,
 * UTS, mount and PID namespaces, as PID 1, with the node's own /etc, /var, /run and /system.
 *
 * <p>What runs: the reaper, the event stream, the supervisor, the COSI state with the controller runtime over it,
 * and the initialize sequence, which looks for a persisted config (publishing it as the {@code MachineConfig}
 * resources through their one writer, {@link ConfigPublisher}, which the apply modes use too) and otherwise stays in
 * maintenance mode, then serves the API. The
 * boot code owns the stage; {@code MachineStatus} is the MachineStatusController's.
 */
public final class Main {
    static final Path CONFIG = Path.of("/system/state/config.yaml");
    /** The append-only audit of config applies, one JSON object a line. */
    static final Path AUDIT = Path.of("/system/state/apply-audit.jsonl");

    private Main() {
    }

    /**
     * How this node runs: in namespaces on a host (container) or as the booted system's init (pid1, DESIGN.md's
     * Modes), with the kernel's modules directory, the config's validation, the platform Version names, how a
     * reboot ends and where the kernel command line is.
     */
    private record Mode(boolean container, Path modules, ValidationMode validation, Platform platform,
            Lifecycle.Terminal terminal, Path cmdline) {
        /** The file RPCs serve the node's own directories in container mode and the whole system as init. */
        NodeFiles files() {
            return container ? NodeFiles.node() : new NodeFiles(new Roots(List.of(Path.of("/"))));
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Pid1.detect()) {
            run(args, new Mode(true, Path.of("/lib/modules"), ValidationMode.CONTAINER, Platform.CONTAINER,
                    CONTAINER_MODE, KernelCmdline.CONTAINER_MODE));
            return;
        }
        try {
            long started = System.nanoTime();
            Path modules = Pid1.boot();
            log("system ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            run(args, new Mode(false, modules, ValidationMode.METAL, Platform.METAL, Pid1.TERMINAL,
                    KernelCmdline.PID1_MODE));
        } catch (Throwable t) {
            Pid1.fatal(t);
        }
        Pid1.fatal(new IllegalStateException("machined stopped, but init must not exit"));
    }

    private static void run(String[] args, Mode mode) throws Exception {
        long started = System.nanoTime();
        String hostname = System.getenv("ANVIL_HOSTNAME");
        // the first calls into the kernel are slow (FFM's linker bootstraps): they overlap setting up the state below
        CompletableFuture<Void> kernel = ahead("kernel-setup", () -> {
            Reaper reaper = Reaper.get();
            if (ProcessHandle.current().pid() != 1) {
                reaper.becomeSubreaper();
            }
            if (hostname != null && !hostname.isEmpty()) {
                Hostname.set(hostname);
            }
            NodeAddresses.loopbackUp();
            return null;
        });
        CompletableFuture<KeyPair> apiKeys = ahead("api-tls", ServerCertificates::prepare);
        PersistedConfig persisted = new PersistedConfig(CONFIG, mode.validation());
        // reading and validating the config depends on nothing the boot does before it needs it: it runs meanwhile
        CompletableFuture<PersistedConfig.Found> found = ahead("config-reader", persisted::read);
        EventStream events = new EventStream(1000);
        InMemoryState state = new InMemoryState();
        Definitions.publish(state, TYPES);
        AtomicReference<MachineStatus.Stage> stage = new AtomicReference<>(MachineStatus.Stage.BOOTING);
        ControllerRuntime controllers = new ControllerRuntime(state);
        AtomicReference<EtcdService> etcd = new AtomicReference<>();
        AtomicReference<NodeContainers> containers = new AtomicReference<>();
        Supervisor supervisor = new Supervisor();
        Observability observability = Observability.wire(state, controllers, supervisor);
        List<Controller> running = new ArrayList<>(Controllers.of(mode.container(), mode.modules(), hostname,
                stage::get, KernelNetwork.ofThisProcess(), cmdlineNetworking(mode.cmdline()),
                () -> Optional.ofNullable(etcd.get())));
        running.addAll(observability.controllers());
        running.add(new ContainerServiceController(() -> Optional.ofNullable(containers.get())));
        running.forEach(controllers::register);
        ControllerHealth health = new ControllerHealth();
        controllers.onReconcile(health);
        await(kernel);
        controllers.start();
        supervisor.onChange(s -> events.publish(new MachineEvent.ServiceStateEvent(s.id(), s.state().name(),
                s.message(), s.healthy()), ""));
        supervisor.onChange(new ServicePublisher(state));
        ServiceHistory history = ServiceHistory.watch(supervisor);
        AtomicReference<ApiServer> api = new AtomicReference<>();
        AtomicReference<NodeCluster> cluster = new AtomicReference<>();
        AffiliateRegistry affiliates = new AffiliateRegistry(state, InstantSource.system());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("stopping");
            if (cluster.get() != null) {
                cluster.get().close();
            }
            closeIfStarted(api.get());
            controllers.close();
            supervisor.close();
            observability.close();
            stopped.countDown();
        }));

        AtomicReference<OsCa> osCa = new AtomicReference<>();
        AtomicReference<List<InetAddress>> vips = new AtomicReference<>(List.of());
        ConfigPublisher publisher = new ConfigPublisher(state);
        AuditLog audit = new AuditLog(AUDIT, state);
        Meta meta = new Meta(Meta.NODE, state);
        AtomicReference<Upgrades> upgrades = new AtomicReference<>();
        Sequencer sequencer = new Sequencer(events);
        sequencer.run(Sequence.INITIALIZE, List.of(
                Phase.of("config", new Task("loadConfig", () -> {
                    audit.load();
                    meta.load();
                    switch (fromCmdline(fallBack(await(found), persisted, events), mode, persisted, events)) {
                        case PersistedConfig.Absent a -> {
                            log("no config: maintenance mode");
                        }
                        case PersistedConfig.Valid v -> {
                            log("booting from the persisted config (" + v.loaded().config().documents().size()
                                    + " documents, " + v.warnings().size() + " warnings)");
                            v.loaded().config().all(MachinedLogConfig.class).stream().findFirst()
                                    .ifPresent(c -> Log.useFormat(c.format()));
                            publisher.activate(v.text(), v.loaded().config());
                            publisher.persisted(v.text());
                            osCa.set(osCertificate(v));
                            vips.set(OperatorConfigController.vips(v.loaded().config()));
                            EtcdSetup.of(v.loaded().config()).ifPresent(setup -> etcd.set(new EtcdService(supervisor,
                                    setup.ca(), setup.extraArgs(), new EtcdService.Node(Hostname::get,
                                    NodeAddresses::current, new ControlPlanePeers(setup.peerClientUrls(), state)),
                                    EtcdService.Paths.NODE)));
                            containers.set(new NodeContainers(supervisor, ContainerdService.onNode(supervisor),
                                    v.loaded().config().all(ContainerServiceConfig.class), Hostname::get));
                        }
                        case PersistedConfig.Corrupt c -> {
                            String why = c.errors().stream().map(Object::toString)
                                    .collect(Collectors.joining("; "));
                            events.publish(new MachineEvent.ConfigLoadErrorEvent(why), "");
                            log("the persisted config is corrupt (" + why + "): maintenance mode");
                        }
                    }
                    String nodeId = NodeIdentity.loadOrCreate(CONFIG.getParent(), new SecureRandom());
                    state.create(Resource.of(Identity.LOCAL, new Identity(nodeId)), "cluster.NodeIdentityController");
                    if (osCa.get() != null) {
                        cluster.set(new NodeCluster(osCa.get().facts(), affiliates, nodeId));
                    }
                })),
                Phase.of("api", new Task("startApi", () -> {
                    // trustd's socket too: a container-mode reboot re-execs this process, which keeps open sockets
                    var lifecycle = new Lifecycle(sequencer, supervisor, () -> {
                        if (cluster.get() != null) {
                            cluster.get().close();
                        }
                        api.get().closeNow();
                    }, mode.terminal(), CONFIG.getParent(), Path.of("/var"), meta, Path.of("/system/secrets"));
                    // the node's state decides once: a node configured in maintenance mode reboots into it
                    var safety = new ModeApplier.Safety(health, new ResourcePlan(running.stream()
                            .<ConfigSpecController<?>>mapMulti((c, out) -> {
                                if (c instanceof ConfigSpecController<?> config) {
                                    out.accept(config);
                                }
                            }).toList(), state), why -> {
                                events.publish(new MachineEvent.ConfigValidationErrorEvent(
                                        "configuration reverted: " + why), "");
                                audit.record(AuditedApplier.revert(Instant.now(), why));
                            });
                    ConfigApplier applier = new AuditedApplier(osCa.get() == null
                            ? new MaintenanceApplier(persisted, mode.validation(), lifecycle::reboot)
                            : new ModeApplier(persisted, publisher, mode.validation(), lifecycle::reboot,
                                    safety), audit, publisher::active, Clock.systemUTC());
                    OsCa ca = osCa.get();
                    var clients = ca == null || ca.authority() == null ? ClientCredentials.none()
                            : new ClientCredentials(ca.authority(), ca.clusterName());
                    upgrades.set(mode.container() ? new Upgrades(new ContainerSlots(ContainerSlots.NODE,
                            System.getenv("ANVIL_SLOT")), meta, () -> trustedUpgradeKeys(publisher),
                            lifecycle::reboot) : null);
                    MachineServer machine = new MachineServer(supervisor, history, events, state, mode.platform(),
                            buildOf(upgrades.get()), new MachineServer.Control(applier, lifecycle, clients,
                            etcd.get(), meta, containers.get() == null ? null : containers.get().client(),
                            upgrades.get()), mode.files());
                    api.set(startApi(osCa.get(), cluster.get(), vips.get(), await(apiKeys), NodeServices.of(state, TYPES,
                            machine, controllers::dependencyGraph), observability.apiCalls()));
                })),
                Phase.of("services", new Task("startServices", () -> {
                    if (etcd.get() != null) {
                        etcd.get().start();
                    }
                    if (containers.get() != null) {
                        containers.get().start();
                    }
                    if (osCa.get() != null) {
                        KubeletService.start(supervisor, state);
                    }
                }))), "");
        // as in Talos, the stage moves on once the sequence is done: running when configured, else maintenance
        stage(stage, controllers, osCa.get() != null ? MachineStatus.Stage.RUNNING : MachineStatus.Stage.MAINTENANCE);
        awaitPublished(state, stage.get());
        if (upgrades.get() != null) {
            upgrades.get().boot(state, events);
        }
        log("ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms, pid "
                + ProcessHandle.current().pid() + ", hostname " + Hostname.get());
        if (List.of(args).contains("--train")) {
            train(supervisor);
        }
        stopped.await();
    }

    /**
     * A stored config that no longer loads gives way to the last-known-good one, when there is one that does (an
     * event says so); otherwise the node goes to maintenance mode with the stored config's errors.
     */
    private static PersistedConfig.Found fallBack(PersistedConfig.Found found, PersistedConfig persisted,
            EventStream events) throws java.io.IOException {
        if (found instanceof PersistedConfig.Corrupt corrupt
                && persisted.readLastKnownGood() instanceof PersistedConfig.Valid good) {
            String why = corrupt.errors().stream().map(Object::toString).collect(Collectors.joining("; "));
            events.publish(new MachineEvent.ConfigLoadErrorEvent("the stored config does not load (" + why
                    + "): booting from the last-known-good config"), "");
            log("the persisted config is corrupt (" + why + "): booting from the last-known-good config");
            return good;
        }
        return found;
    }

    /** A node with no config stored takes the kernel command line's ({@link CmdlineConfig}), if it names one. */
    private static PersistedConfig.Found fromCmdline(PersistedConfig.Found found, Mode mode,
            PersistedConfig persisted, EventStream events) throws Exception {
        if (!(found instanceof PersistedConfig.Absent)) {
            return found;
        }
        return CmdlineConfig.acquire(KernelCmdline.read(mode.cmdline()), persisted, mode.validation(),
                CmdlineConfig.Fetch.DEFAULT, why -> {
                    events.publish(new MachineEvent.ConfigLoadErrorEvent(why), "");
                    Log.warn(why);
                });
    }

    /**
     * The AOT training run (scripts/train-machined, through bin/machined --train): a node booted as any other, from
     * a control plane's config; here it also runs one short service, so that spawning, reaping and log pumping are
     * in the cache too. It then serves as usual: the script makes API calls to it (a TLS handshake with a client
     * certificate, served calls) and stops it with SIGTERM, on which the JVM writes down what the run used.
     */
    private static void train(Supervisor supervisor) throws InterruptedException {
        supervisor.register(ServiceSpec.of("training", ProcessSpec.of("/bin/true"))
                .withRestart(new RestartPolicy(RestartPolicy.Mode.NEVER, Duration.ZERO, Duration.ZERO, Duration.ZERO)));
        supervisor.start("training");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (supervisor.status("training").state() != ServiceState.FINISHED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        log("training service done");
    }

    private static final ResourceTypes TYPES = K8sResources.register(SecretsResources.register(ClusterResources.register(
            FilesResources.register(NetworkResources.register(BlockResources.register(RuntimeResources.register(
            ResourceTypes.meta())))))));

    /**
     * The OS CA of the config: its certificate always, its key only on control planes (workers have none); the
     * cluster's name, which client configs made from it carry; and what the node's part in the cluster needs.
     */
    private record OsCa(X509Certificate certificate, CertificateAuthority authority, String clusterName,
            NodeCluster.Facts facts) {
    }

    /**
     * The API on port 50000 (-Danvil.api.port, 0 for any): without a config (maintenance mode) with a one-off
     * certificate whose fingerprint the log shows and no client certificates; configured, requiring client
     * certificates from the OS CA, with a server certificate from the OS CA: a control plane issues its own, a
     * worker asks trustd ({@link NodeCluster#serverIdentity}); either is renewed before it expires.
     *
     * <p>Configured, calls naming other nodes (node/nodes metadata) are forwarded to their API on the same port
     * (50000 when this one listens on any), with the node's client identity, made when the first such call comes:
     * a control plane's is an os:impersonator's, a worker's (from trustd) an os:reader's. Then, configured, trustd
     * (on control planes) and membership start.
     */
    private static ApiServer startApi(OsCa osCa, NodeCluster cluster, List<InetAddress> vips, KeyPair keys,
            List<BindableService> services, ServerInterceptor observer) throws Exception {
        String hostname = Hostname.get();
        // the shared IPs this node may hold are its own when it does: in its certificate, and not forwarded
        List<InetAddress> addresses = new ArrayList<>(NodeAddresses.current());
        vips.stream().filter(ip -> !addresses.contains(ip)).forEach(addresses::add);
        IdentityKeyManager identity = cluster == null
                ? IdentityKeyManager.of(ServerCertificates.selfSigned(hostname, addresses, keys))
                : cluster.serverIdentity(keys, addresses);
        int port = Integer.getInteger("anvil.api.port", 50000);
        ApiServer.Routing routing = null;
        if (cluster != null) {
            routing = new ApiServer.Routing(new LocalTargets(Hostname::get, addresses), port == 0 ? 50000 : port,
                    cluster.clientIdentity());
        }
        ApiServer server = ApiServer.start(new InetSocketAddress(port),
                new ApiServer.Tls(identity, osCa == null ? null : osCa.certificate()), routing, services, observer);
        log((osCa == null ? "maintenance API" : "API") + " listening on :" + server.port()
                + (osCa == null ? ", certificate fingerprint " + server.fingerprint() : ""));
        if (cluster != null) {
            cluster.start(identity);
        }
        return server;
    }

    private static OsCa osCertificate(PersistedConfig.Valid config) {
        var v1alpha1 = config.loaded().config().v1alpha1().orElseThrow();
        var ca = v1alpha1.machine().ca();
        X509Certificate certificate = PemCodec.parseCertificate(PemCodec.fromBase64(ca.crt(), "machine.ca.crt"));
        boolean hasKey = ca.key() != null && !ca.key().isBlank();
        var clusterConfig = v1alpha1.cluster();
        String clusterName = clusterConfig == null || clusterConfig.clusterName() == null ? ""
                : clusterConfig.clusterName();
        CertificateAuthority authority = hasKey ? new CertificateAuthority(certificate,
                PemCodec.parsePrivateKey(PemCodec.fromBase64(ca.key(), "machine.ca.key"))) : null;
        return new OsCa(certificate, authority, clusterName, new NodeCluster.Facts(certificate, authority,
                Objects.requireNonNullElse(v1alpha1.machine().token(), ""), endpointHost(clusterConfig),
                MachineType.parse(v1alpha1.machine().type()), clusterConfig != null
                        && clusterConfig.discovery() != null && Boolean.TRUE.equals(clusterConfig.discovery().enabled()),
                clusterConfig == null ? 6443 : apiServerPort(clusterConfig)));
    }

    /** The host of {@code cluster.controlPlane.endpoint}: where a node finds its first control plane. */
    private static String endpointHost(ClusterConfig cluster) {
        if (cluster == null || cluster.controlPlane() == null || cluster.controlPlane().endpoint() == null) {
            return null;
        }
        try {
            String host = URI.create(cluster.controlPlane().endpoint()).getHost();
            return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int apiServerPort(ClusterConfig cluster) {
        Integer port = cluster.controlPlane() == null ? null : cluster.controlPlane().localAPIServerPort();
        return port == null || port == 0 ? 6443 : port;
    }

    /**
     * The end of a container-mode node's life: a reboot runs machined again, as the same PID 1 in the same
     * namespaces, and it boots from what is persisted; a power-off ends PID 1, and the node's namespaces with it.
     * The lifecycle has stopped the services and closed the API before either.
     */
    private static final Lifecycle.Terminal CONTAINER_MODE = new Lifecycle.Terminal() {
        @Override
        public void reboot() {
            String launcher = System.getenv("ANVIL_LAUNCHER");
            if (launcher != null && !launcher.isEmpty()) {
                // the launcher picks the boot slot, as a boot loader would
                log("rebooting (container mode: the launcher boots machined again)");
                Exec.replaceProcess("/bin/bash", List.of(launcher, "--boot"), System.getenv());
            }
            log("rebooting (container mode: machined runs itself again)");
            ProcessHandle.Info self = ProcessHandle.current().info();
            Exec.replaceProcess(self.command().orElseThrow(), List.of(self.arguments().orElse(new String[0])),
                    System.getenv());
        }

        @Override
        public void powerOff() {
            log("powering off (container mode: machined exits)");
            System.exit(0);
        }
    };

    /** The keys the config's UpgradeTrustConfig documents list (none without a config). */
    private static List<PublicKey> trustedUpgradeKeys(ConfigPublisher publisher) {
        ConfigPublisher.Active active = publisher.active();
        if (active == null) {
            return List.of();
        }
        return active.parsed().all(UpgradeTrustConfig.class).stream().flatMap(t -> t.publicKeys().stream())
                .map(BundleSignature::publicKey).toList();
    }

    /** This build, named after the version of the boot slot it runs from, when it runs from an upgrade's. */
    private static BuildInfo buildOf(Upgrades upgrades) throws java.io.IOException {
        BuildInfo build = BuildInfo.load();
        if (upgrades == null) {
            return build;
        }
        String running = upgrades.slots().running();
        return upgrades.slots().slots().stream().filter(s -> s.label().equals(running) && !s.version().isEmpty())
                .findFirst().map(s -> new BuildInfo(s.version(), build.sha())).orElse(build);
    }

    private static void closeIfStarted(ApiServer server) {
        if (server != null) {
            server.close();
        }
    }

    /** Records the stage the boot reached and has the MachineStatusController publish it. */
    private static void stage(AtomicReference<MachineStatus.Stage> current, ControllerRuntime controllers,
            MachineStatus.Stage stage) {
        current.set(stage);
        controllers.queueReconcile(MachineStatusController.NAME);
    }

    /** Ready means the stage is visible to API clients: waits (briefly) until MachineStatus shows it. */
    private static void awaitPublished(State state, MachineStatus.Stage stage) throws InterruptedException {
        try {
            state.watchFor(MachineStatus.POINTER, Duration.ofSeconds(5), WatchCondition.resource(
                    r -> r.spec() instanceof MachineStatus status && status.stage() == stage));
        } catch (TimeoutException e) {
            Log.warn("the machine status does not show the stage yet", "stage", stage.name().toLowerCase());
        }
    }

    /**
     * The network settings of the node's kernel command line: /proc/cmdline as init; in container mode the file the
     * launcher or a test put in the node's state directory ({@link KernelCmdline#CONTAINER_MODE}). One that does not parse is logged and
     * left out, as Talos ignores it.
     */
    private static CmdlineNetworking cmdlineNetworking(Path cmdline) {
        try {
            return CmdlineNetworking.parse(KernelCmdline.read(cmdline));
        } catch (Exception e) {
            Log.warn("ignoring the kernel command line's network settings", "error", e.getMessage());
            return CmdlineNetworking.NONE;
        }
    }

    /** Runs {@code work} on a platform thread of its own, now. */
    private static <T> CompletableFuture<T> ahead(String name, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** The result of work started {@link #ahead}, or what it threw. */
    private static <T> T await(CompletableFuture<T> work) throws Exception {
        try {
            return work.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void log(String message) {
        Log.info(message);
    }
}
