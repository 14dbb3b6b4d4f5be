package dev.anvil.e2e.cluster;

import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machined.network.dhcp4.DnsmasqServer;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import dev.anvil.machinery.secrets.SecretsBundle;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A container-mode node with {@code dhcp: true} on a second link, served by a real dnsmasq in a namespace of the
 * test's: the lease becomes the node's operator-layer specs, merged and served over the API, and is in dnsmasq's
 * lease file; taking dhcp out of the config releases it. The cluster uses 10.213.24.0/25, dnsmasq the upper half.
 */
@Tag("e2e")
class DhcpNodeTest {
    private static final ResourceTypes TYPES = NetworkResources.register(ResourceTypes.none());
    private static final String NETNS = "anvil-dhcpe2e-" + ProcessHandle.current().pid();

    @TempDir
    Path home;

    private final String name = "dhc" + (ProcessHandle.current().pid() % 10000);
    private DnsmasqServer dnsmasq;
    private boolean netns;

    @AfterEach
    void destroy() throws Exception {
        try {
            if (dnsmasq != null) {
                dnsmasq.close();
            }
            if (netns) {
                DnsmasqServer.ip("netns", "del", NETNS);
            }
        } finally {
            LocalNodes.destroyCluster(home, name);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dhcpLink_leaseBecomesSpecs_andRemovingDhcpReleasesIt() throws Exception {
        ClusterState.Node node = LocalNodes.createMaintenanceNode(home, name, "10.213.24.0/25");
        String address = node.address().split("/")[0];
        long nodePid = LocalNodes.nodePid(node.launcherPid());
        String inNode = "--net=/proc/" + nodePid + "/ns/net";

        DnsmasqServer.ip("netns", "add", NETNS);
        netns = true;
        nsenter(inNode, DnsmasqServer.IP, "link", "add", "eth1", "type", "veth", "peer", "name", "ds0");
        nsenter(inNode, DnsmasqServer.IP, "link", "set", "ds0", "netns", NETNS);
        // the network helper's LinkSpec controller will bring eth1 up from the config; until then, from outside
        nsenter(inNode, DnsmasqServer.IP, "link", "set", "eth1", "up");
        DnsmasqServer.ip("-n", NETNS, "addr", "add", "10.213.24.129/25", "dev", "ds0");
        DnsmasqServer.ip("-n", NETNS, "link", "set", "ds0", "up");
        dnsmasq = DnsmasqServer.start(home.resolve("dnsmasq"), NETNS, "ds0", "10.213.24.150", "10.213.24.169",
                "255.255.255.128", Duration.ofMinutes(2), List.of("option:router,10.213.24.129",
                        "option:dns-server,10.213.24.129", "option:ntp-server,10.213.24.129"), List.of());

        Instant now = Instant.now();
        SecureRandom random = new SecureRandom();
        SecretsBundle secrets = SecretsBundle.generate(now, random);
        String generated = ConfigGenerator.generate(secrets,
                GenerateOptions.defaults(name, "https://" + address + ":6443")).controlPlane();
        String config = ConfigPatcher.apply(generated, List.of("""
                machine:
                  network:
                    interfaces:
                      - interface: eth1
                        dhcp: true
                        dhcpOptions:
                          routeMetric: 512
                """)).yaml();
        LocalNodes.applyInMaintenance(address, config);

        Path log = node.dir().resolve("machined.log");
        CertificateAuthority.Issued admin = secrets.clientCertificate(List.of("os:admin"), now, Duration.ofHours(1),
                random);
        ManagedChannel channel = LocalNodes.channel(address, GrpcSslContexts.forClient()
                .trustManager(secrets.osAuthority().certificate())
                .keyManager(admin.keys().getPrivate(), admin.certificate()).build());
        try {
            // a control plane is ready once its etcd runs: this one creates the cluster's, once it is configured
            await().atMost(90, TimeUnit.SECONDS).ignoreExceptions().until(() -> bootstrapped(channel));
            await().atMost(90, TimeUnit.SECONDS).until(() -> Files.readString(log)
                    .contains("machined: machine is running and ready"));
            await().atMost(60, TimeUnit.SECONDS).until(() -> dnsmasq.leases().size() == 1);
            String leased = dnsmasq.leases().getFirst().split(" ")[2];
            assertThat(leased).startsWith("10.213.24.1");

            var state = StateGrpc.newBlockingStub(channel);
            String id = "eth1/" + leased + "/25";
            // the API may still be restarting from maintenance into the configured node
            AddressSpec spec = await().atMost(60, TimeUnit.SECONDS).ignoreExceptions().until(
                    () -> get(state, AddressSpec.KIND, id, AddressSpec.class), Optional::isPresent).orElseThrow();
            assertThat(spec.layer()).isEqualTo(ConfigLayer.OPERATOR);
            assertThat(spec.priority()).isEqualTo(512);
            assertThat(get(state, AddressSpec.CONFIG_KIND, "dhcp4/eth1/" + id, AddressSpec.class)).contains(spec);
            assertThat(get(state, OperatorSpec.KIND, "dhcp4/eth1", OperatorSpec.class).orElseThrow().dhcp4()
                    .routeMetric()).isEqualTo(512);
            assertThat(get(state, RouteSpec.KIND, "inet4/10.213.24.129//512", RouteSpec.class)).isPresent();
            assertThat(get(state, ResolverSpec.KIND, ResolverSpec.ID, ResolverSpec.class).orElseThrow().dnsServers())
                    .containsExactly(NetIp.parse("10.213.24.129"));
            assertThat(get(state, TimeServerSpec.KIND, TimeServerSpec.ID, TimeServerSpec.class).orElseThrow()
                    .ntpServers()).containsExactly("10.213.24.129");

            String withoutDhcp = ConfigPatcher.apply(generated, List.of()).yaml();
            MachineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .applyConfiguration(ApplyConfigurationRequest.newBuilder()
                            .setData(ByteString.copyFrom(withoutDhcp, StandardCharsets.UTF_8))
                            .setMode(ApplyConfigurationRequest.Mode.NO_REBOOT).build());
            await().atMost(30, TimeUnit.SECONDS).until(() -> dnsmasq.leases().isEmpty());
            assertThat(dnsmasq.log()).contains("DHCPRELEASE(ds0) " + leased);
            await().atMost(30, TimeUnit.SECONDS).until(() -> get(state, AddressSpec.KIND, id, AddressSpec.class)
                    .isEmpty());
            assertThat(get(state, ResolverSpec.KIND, ResolverSpec.ID, ResolverSpec.class).orElseThrow().dnsServers())
                    .doesNotContain(NetIp.parse("10.213.24.129"));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("node log:\n" + Files.readString(log), e);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void nsenter(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        var child = dev.anvil.sys.Spawner.spawn(dev.anvil.sys.ProcessSpec.of("/usr/bin/nsenter",
                all.toArray(String[]::new)));
        String out = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(30, TimeUnit.SECONDS).success()).as("nsenter %s: %s", all, out).isTrue();
    }

    /** A resource over the State API, decoded as a client that knows the type; empty when the node has none. */
    private static <S extends Spec> Optional<S> get(StateGrpc.StateBlockingStub state, Kind kind, String id,
            Class<S> type) {
        try {
            var resource = state.withDeadlineAfter(30, TimeUnit.SECONDS).get(GetRequest.newBuilder()
                    .setNamespace(kind.namespace()).setType(kind.type()).setId(id).build()).getResource();
            return Optional.of(type.cast(TYPES.decode(kind.type(), resource.getSpec().getProtoSpec(),
                    resource.getSpec().getYamlSpec())));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Bootstraps etcd on the node; a retry after a call that went through finds it bootstrapped already. */
    private static boolean bootstrapped(ManagedChannel channel) {
        try {
            MachineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .bootstrap(BootstrapRequest.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                    && String.valueOf(e.getStatus().getDescription()).contains("already bootstrapped")) {
                return true;
            }
            throw e;
        }
    }
}
