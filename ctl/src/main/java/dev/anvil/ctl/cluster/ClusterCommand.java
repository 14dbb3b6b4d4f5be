package dev.anvil.ctl.cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.ClientConfigLocation;
import dev.anvil.ctl.health.ClusterNodes;
import dev.anvil.ctl.health.HealthChecks;
import dev.anvil.ctl.health.HealthRun;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.gen.GenCommand;
import dev.anvil.ctl.gen.PatchArguments;
import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machinery.client.ClientConfig;
import io.grpc.ManagedChannel;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.generate.GeneratedConfigs;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.machinery.secrets.SecretsFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * anvilctl cluster: local clusters, by provisioner "namespaces" (one set of namespaces per node, on this host) or
 * "qemu" (one VM per node booting the Anvil image, in a network namespace of the cluster's own).
 */
@Command(name = "cluster", description = "Create, show and destroy local clusters.",
        subcommands = {ClusterCommand.Create.class, ClusterCommand.Destroy.class, ForwardCommand.class,
                ClusterCommand.Show.class, ClusterUpgradeCommand.class})
public final class ClusterCommand {

    static Path clusterDir(String name) {
        return ClusterLayout.clusterDir(AnvilHome.get(), name);
    }

    static ClusterState existing(String name) throws IOException {
        Path dir = clusterDir(name);
        if (!Files.exists(dir.resolve(ClusterState.FILE))) {
            throw new IllegalArgumentException("no cluster " + name + " (nothing at " + dir + ")");
        }
        return ClusterState.load(dir);
    }

    @Command(name = "create", description = "Create a local cluster of container-mode nodes, configured and "
            + "merged into the client config as a context named after the cluster.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--controlplanes", defaultValue = "1",
                description = "Number of control-plane nodes (default: ${DEFAULT-VALUE}).")
        int controlPlanes;
        @Option(names = "--workers", defaultValue = "0", description = "Number of worker nodes (default: "
                + "${DEFAULT-VALUE}).")
        int workers;
        @Option(names = "--cidr", defaultValue = "10.5.0.0/24",
                description = "Network of the cluster; the host bridge takes .1 (default: ${DEFAULT-VALUE}).")
        String cidr;
        @Option(names = "--provisioner", defaultValue = "namespaces",
                description = "How nodes run: namespaces (container-mode nodes on this host) or qemu (VMs booting "
                        + "the Anvil image) (default: ${DEFAULT-VALUE}).")
        String provisioner;
        @Option(names = "--memory", defaultValue = "1024", paramLabel = "MiB",
                description = "qemu: memory of each control plane's VM in MiB (default: ${DEFAULT-VALUE}).")
        int memory;
        @Option(names = "--memory-workers", defaultValue = "1024", paramLabel = "MiB",
                description = "qemu: memory of each worker's VM in MiB (default: ${DEFAULT-VALUE}).")
        int memoryWorkers;
        @Option(names = "--cpus", defaultValue = "1.0",
                description = "qemu: CPUs of each control plane's VM, rounded up to whole vCPUs (default: "
                        + "${DEFAULT-VALUE}).")
        String cpus;
        @Option(names = "--cpus-workers", defaultValue = "1.0",
                description = "qemu: CPUs of each worker's VM, rounded up to whole vCPUs (default: ${DEFAULT-VALUE}).")
        String cpusWorkers;
        @Option(names = "--disk", defaultValue = "6144", paramLabel = "MiB",
                description = "qemu: size of each VM's STATE disk in MiB, a sparse file (default: ${DEFAULT-VALUE}).")
        int disk;
        @Option(names = "--image-dir", defaultValue = "_out", paramLabel = "DIR",
                description = "qemu: the image anvilctl image build made (default: ${DEFAULT-VALUE}).")
        Path imageDir;
        @Option(names = "--with-kvm", description = "qemu: use KVM instead of TCG (also ANVIL_QEMU_ACCEL=kvm).")
        boolean kvm;
        @Option(names = "--config-patch", paramLabel = "PATCH", description = "Patch for every node's config, "
                + "inline or @file; repeatable.")
        List<String> patches = new ArrayList<>();
        @Option(names = "--config-patch-control-plane", paramLabel = "PATCH",
                description = "Patch for the control planes' config, inline or @file; repeatable.")
        List<String> controlPlanePatches = new ArrayList<>();
        @Option(names = "--config-patch-worker", paramLabel = "PATCH",
                description = "Patch for the workers' config, inline or @file; repeatable.")
        List<String> workerPatches = new ArrayList<>();
        @Option(names = "--skip-injecting-config", description = "Start the nodes in maintenance mode; the "
                + "configs are written to the cluster's directory for apply-config --insecure.")
        boolean skipInjectingConfig;
        @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Wait until the cluster is healthy, as anvilctl health checks it (default: "
                        + "${DEFAULT-VALUE}; not with --skip-injecting-config).")
        boolean await;
        @Option(names = "--wait-timeout", defaultValue = "20m", paramLabel = "DURATION",
                description = "How long to wait for the cluster to become healthy (default: ${DEFAULT-VALUE}).")
        String waitTimeout;

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            Duration timeout = GoTime.parseDuration(waitTimeout);
            Provisioner provisioner = provisioner();
            Ipv4Cidr network = Ipv4Cidr.parse(cidr);
            List<ClusterState.Node> planned = ClusterLayout.plan(name, controlPlanes, workers, network,
                    clusterDir(name));
            List<String> controlPlaneAddresses = addresses(planned, ClusterLayout.CONTROL_PLANE);
            SecretsBundle secrets = GenCommand.newSecrets();
            var options = new GenerateOptions(name, "https://" + controlPlaneAddresses.getFirst() + ":6443",
                    GenerateOptions.DEFAULT_KUBERNETES_VERSION, GenerateOptions.DEFAULT_INSTALL_DISK,
                    GenerateOptions.DEFAULT_INSTALL_IMAGE, provisioner.certificateSans(),
                    GenerateOptions.DEFAULT_DNS_DOMAIN, PatchArguments.texts(patches),
                    PatchArguments.texts(controlPlanePatches), PatchArguments.texts(workerPatches));
            GeneratedConfigs configs = ConfigGenerator.generate(secrets, options);
            ClusterState state = provisioner.create(name, controlPlanes, workers, network, new NodeConfigs(
                    configs.controlPlane(), configs.worker(), SecretsFile.encode(secrets)), !skipInjectingConfig);
            List<String> endpoints = state.nodes().stream()
                    .filter(n -> n.role().equals(ClusterLayout.CONTROL_PLANE)).map(ClusterState.Node::endpoint)
                    .toList();

            ClientContext context = ClientConfig.forCluster(secrets, name, endpoints,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), new SecureRandom()).current()
                    .withNodes(List.of(controlPlaneAddresses.getFirst()));
            ClientConfigLocation location = GlobalOptions.of(spec).configLocation();
            var merge = location.loadOrEmpty().merge(new ClientConfig(name, Map.of(name, context)));
            location.save(merge.config());
            PrintWriter out = spec.commandLine().getOut();
            String merged = merge.config().context();
            out.printf("merged context %s into %s%n", merged, location.path());
            if (skipInjectingConfig) {
                out.printf("nodes are in maintenance mode; their configs are in %s%n", clusterDir(name));
                return 0;
            }
            bootstrap(context, endpoints.getFirst());
            out.printf("bootstrapped etcd on %s%n", controlPlaneAddresses.getFirst());
            if (!await) {
                return 0;
            }
            List<String> workerAddresses = addresses(planned, ClusterLayout.WORKER);
            HealthRun.Failure failure;
            try (ApiSession api = ApiSession.mutual(context.withNodes(List.of()))) {
                failure = new HealthRun(out).run(api, new ClusterNodes(controlPlaneAddresses, workerAddresses),
                        HealthChecks.all(), timeout);
            }
            if (failure != null) {
                spec.commandLine().getErr().println(failure.report());
                return 1;
            }
            out.printf("cluster %s is healthy: %.1f s after the create began%n", name,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        }

        private Provisioner provisioner() {
            PrintWriter out = spec.commandLine().getOut();
            return switch (provisioner) {
                case NamespacesProvisioner.NAME -> new NamespacesProvisioner(AnvilHome.get(), AnvilHome.anvilRoot(),
                        out);
                case QemuProvisioner.NAME -> new QemuProvisioner(AnvilHome.get(), AnvilHome.anvilRoot(), out,
                        new QemuOptions(imageDir.toAbsolutePath(), memory, memoryWorkers, QemuOptions.vcpus(cpus),
                                QemuOptions.vcpus(cpusWorkers), disk, kvm ? "kvm"
                                : System.getenv().getOrDefault("ANVIL_QEMU_ACCEL", "tcg")));
                default -> throw new IllegalArgumentException("unknown provisioner " + provisioner
                        + " (known: namespaces, qemu)");
            };
        }

        private static List<String> addresses(List<ClusterState.Node> nodes, String role) {
            return nodes.stream().filter(n -> n.role().equals(role)).map(ClusterState.Node::ip).toList();
        }
    }

    /** The provisioner that made {@code state}, to destroy it. */
    static Provisioner provisionerOf(ClusterState state, PrintWriter out) {
        return switch (state.provisioner()) {
            case QemuProvisioner.NAME -> new QemuProvisioner(AnvilHome.get(), AnvilHome.anvilRoot(), out, null);
            default -> new NamespacesProvisioner(AnvilHome.get(), AnvilHome.anvilRoot(), out);
        };
    }

    /**
     * Has the first control plane create the etcd cluster (the others join it by themselves), once its API listens:
     * the node may still be starting (a busy machine), so the call waits for the connection.
     */
    static void bootstrap(ClientContext context, String endpoint) throws InterruptedException {
        ManagedChannel channel = ApiChannels.mutual(context, endpoint);
        try {
            MachineServiceGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(60, TimeUnit.SECONDS)
                    .bootstrap(BootstrapRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Command(name = "show", description = "Show a local cluster's nodes.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            ClusterState state = existing(name);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("PROVISIONER  %s%nNAME         %s%nNETWORK      %s (bridge %s at %s%s)%n", state.provisioner(),
                    state.name(), state.cidr(), state.bridge(), state.bridgeAddress(),
                    state.netns().isEmpty() ? "" : " in network namespace " + state.netns());
            if (state.forwarderPid() > 0) {
                out.printf("FORWARDER    pid %d%n", state.forwarderPid());
            }
            out.printf("%n%-20s %-16s %-8s %-8s %-16s %s%n", "NODE", "ADDRESS", "STATE", "PID", "ENDPOINT",
                    "DIRECTORY");
            for (ClusterState.Node node : state.nodes()) {
                boolean running = node.launcherPid() > 0 && ProcessHandle.of(node.launcherPid()).isPresent();
                out.printf("%-20s %-16s %-8s %-8d %-16s %s%n", node.name(), node.address(),
                        running ? "running" : "stopped", node.launcherPid(), node.endpoint(), node.dir());
            }
            return 0;
        }
    }

    @Command(name = "destroy", description = "Stop a local cluster's nodes and remove everything it made.")
    static final class Destroy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            ClusterState state = existing(name);
            provisionerOf(state, spec.commandLine().getOut()).destroy(state);
            return 0;
        }
    }
}
