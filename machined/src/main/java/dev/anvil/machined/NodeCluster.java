package dev.anvil.machined;

import dev.anvil.machined.log.Log;
import dev.anvil.machined.membership.AffiliateRegistry;
import dev.anvil.machined.membership.Membership;
import dev.anvil.machined.network.NodeAddresses;
import dev.anvil.machined.server.CertificateRenewal;
import dev.anvil.machined.server.IdentityKeyManager;
import dev.anvil.machined.server.ServerCertificates;
import dev.anvil.machined.server.trustd.MembershipServer;
import dev.anvil.machined.server.trustd.SecurityServer;
import dev.anvil.machined.server.trustd.TrustdCertificates;
import dev.anvil.machined.server.trustd.TrustdClient;
import dev.anvil.machined.server.trustd.TrustdServer;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.cluster.Affiliate;
import dev.anvil.machinery.resources.cluster.ControlPlane;
import dev.anvil.machinery.resources.cluster.MachineType;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.version.BuildInfo;
import dev.anvil.sys.Hostname;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A configured node's part in its cluster: its certificates (a control plane issues its own from the OS CA; a worker
 * asks trustd), each renewed before it expires; trustd on a control plane; and membership ({@link Membership}).
 * The control planes a node knows are the endpoint's host and the control planes among its affiliates.
 */
final class NodeCluster implements AutoCloseable {
    /** How long trustd's certificates hold; they are renewed after two thirds of it. */
    static final Duration TRUSTD_TTL = Duration.ofHours(24);
    /** How long a worker's boot waits for trustd before it serves a one-off certificate meanwhile. */
    private static final Duration TRUSTD_WAIT = Duration.ofSeconds(20);

    /** The config's facts this needs: the OS CA (its key only on control planes), the token, the endpoint. */
    record Facts(X509Certificate osCa, CertificateAuthority authority, String token, String endpointHost,
            MachineType machineType, boolean discovery, int apiServerPort) {
    }

    private final Facts facts;
    private final AffiliateRegistry registry;
    private final String nodeId;
    private final TrustdClient trustd;
    private final TrustdCertificates certificates;
    private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();
    private final String operatingSystem = "Anvil (" + BuildInfo.load().tag() + ")";

    NodeCluster(Facts facts, AffiliateRegistry registry, String nodeId) {
        this.facts = facts;
        this.registry = registry;
        this.nodeId = nodeId;
        this.trustd = new TrustdClient(facts.osCa(), facts.token(), TrustdServer.PORT);
        this.certificates = new TrustdCertificates(trustd, this::controlPlanes, Hostname.get(),
                NodeCluster::certificateAddresses, facts.osCa());
        running.add(trustd);
    }

    private boolean isControlPlane() {
        return facts.authority() != null;
    }

    /** The endpoint's host, then each control plane affiliate's first address. */
    List<String> controlPlanes() {
        Set<String> all = new LinkedHashSet<>();
        if (facts.endpointHost() != null) {
            all.add(facts.endpointHost());
        }
        for (var entry : registry.entries(Membership.TTL)) {
            Affiliate a = entry.affiliate();
            if (a.machineType() != null && a.machineType().isControlPlane() && !a.addresses().isEmpty()
                    && !a.nodeId().equals(nodeId)) {
                all.add(a.addresses().getFirst().toString());
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * The API's server certificate, kept renewed. A worker waits up to {@link #TRUSTD_WAIT} for trustd; if no
     * control plane signs by then it serves a one-off certificate and goes on asking, swapping in trustd's when
     * it comes.
     */
    IdentityKeyManager serverIdentity(KeyPair keys, List<InetAddress> addresses) throws InterruptedException {
        String hostname = Hostname.get();
        if (isControlPlane()) {
            IdentityKeyManager identity = IdentityKeyManager.of(ServerCertificates.fromOsCa(facts.authority(),
                    hostname, addresses, keys));
            running.add(CertificateRenewal.keep(identity, () -> ServerCertificates.fromOsCa(facts.authority(),
                    Hostname.get(), certificateAddresses()), "api server"));
            return identity;
        }
        long deadline = System.nanoTime() + TRUSTD_WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                IdentityKeyManager identity = IdentityKeyManager.of(certificates.server(keys));
                running.add(CertificateRenewal.keep(identity, () -> certificates.server(keys), "api server"));
                Log.info("API certificate from trustd", "notAfter",
                        identity.certificate().getNotAfter().toInstant().toString());
                return identity;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(250);
            }
        }
        Log.warn("no certificate from trustd yet: serving a one-off certificate meanwhile", "error",
                String.valueOf(last == null ? null : last.getMessage()));
        IdentityKeyManager identity = IdentityKeyManager.of(ServerCertificates.selfSigned(hostname, addresses, keys));
        running.add(CertificateRenewal.keep(identity, () -> certificates.server(keys), "api server (from trustd)",
                true));
        return identity;
    }

    /** The client identity for calling other nodes: a control plane's os:impersonator, a worker's os:reader. */
    Supplier<IdentityKeyManager> clientIdentity() {
        if (isControlPlane()) {
            return () -> {
                IdentityKeyManager identity = IdentityKeyManager.of(ServerCertificates.impersonator(
                        facts.authority(), Hostname.get()));
                running.add(CertificateRenewal.keep(identity, () -> ServerCertificates.impersonator(
                        facts.authority(), Hostname.get()), "api client"));
                return identity;
            };
        }
        return () -> {
            IdentityKeyManager identity = IdentityKeyManager.of(certificates.client());
            running.add(CertificateRenewal.keep(identity, certificates::client, "api client"));
            return identity;
        };
    }

    /** Starts trustd (on a control plane) with the API's server identity, and membership. */
    void start(IdentityKeyManager serverIdentity) throws Exception {
        if (isControlPlane()) {
            int port = Integer.getInteger("anvil.trustd.port", TrustdServer.PORT);
            TrustdServer server = TrustdServer.start(new InetSocketAddress(port), serverIdentity, facts.token(),
                    List.of(new SecurityServer(facts.authority(), List.of(facts.osCa()), TRUSTD_TTL),
                            new MembershipServer(registry, facts::discovery, Membership.TTL, registry::publish)));
            running.add(server);
            Log.info("trustd listening on :" + server.port());
        }
        Membership membership = new Membership(registry, this::localAffiliate, facts.discovery() ? trustd : null,
                facts.endpointHost() == null ? List.of() : List.of(facts.endpointHost()), isControlPlane());
        membership.start();
        running.add(membership);
        if (!facts.discovery()) {
            Log.info("cluster discovery is disabled (cluster.discovery.enabled): this node lists only itself");
        }
    }

    private Affiliate localAffiliate() {
        String hostname = Hostname.get();
        return new Affiliate(nodeId, addresses().stream().map(NetIp::of).toList(), hostname, hostname,
                operatingSystem, facts.machineType(),
                facts.machineType().isControlPlane() ? new ControlPlane(facts.apiServerPort()) : null);
    }

    /** The node's addresses others can reach: not loopback, not link-local. */
    private static List<InetAddress> addresses() {
        return certificateAddresses().stream().filter(a -> !a.isLoopbackAddress()).toList();
    }

    /** The addresses a server certificate names: all but link-local ones, as at boot. */
    private static List<InetAddress> certificateAddresses() {
        try {
            return NodeAddresses.current();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the node's addresses", e);
        }
    }

    /** Stops what runs, last started first; closing again does nothing. */
    @Override
    public void close() {
        List<AutoCloseable> started = List.copyOf(running);
        running.removeAll(started);
        for (AutoCloseable c : started.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                Log.warn("closing the cluster services failed", "error", String.valueOf(e.getMessage()));
            }
        }
    }
}
