package dev.anvil.machined.etcd;

import dev.anvil.api.etcd.Member;
import dev.anvil.api.etcd.MemberAddResponse;
import dev.anvil.machined.services.HealthCheck;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.sys.ProcessSpec;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A control plane's etcd member, run by the supervisor as service {@value #ID}. How it starts is decided afresh
 * before each start (the service's preparation), as Talos's etcd service decides it:
 * <ul>
 *   <li>the data directory holds a member: etcd runs on from it (a restart, a reboot, a kill);</li>
 *   <li>this node was asked to bootstrap: a new cluster of this one member, from an uploaded snapshot if asked;</li>
 *   <li>otherwise it waits until a member of an existing cluster answers at one of the peers' client URLs, adds
 *       itself there as a learner, starts with {@code --initial-cluster-state=existing}, and is promoted to a voting
 *       member once it has caught up.</li>
 * </ul>
 * Its certificates come from the etcd CA on each start and are kept current while it runs; machined talks to its own
 * member at 127.0.0.1:2379.
 *
 * <p>Thread-safety: bootstrap, leave and the preparation synchronise on this object; the preparation waits on it
 * (at most a second at a time) so that a bootstrap request wakes it.
 */
public final class EtcdService {
    public static final String ID = "etcd";
    private static final Duration RETRY = Duration.ofMillis(250);
    private static final Duration PROMOTE_FOR = Duration.ofMinutes(10);

    /** Where a node keeps its member: data, certificates and an uploaded snapshot waiting for recovery. */
    public record Paths(Path data, Path secrets, Path recoverySnapshot, String etcd, String restoreTool) {
        public static final Paths NODE = new Paths(Path.of("/var/lib/etcd"), Path.of("/system/secrets/etcd"),
                Path.of("/var/lib/etcd.snapshot"), "/usr/bin/etcd", restoreToolOnHost());

        /** etcd 3.5 and later restore with etcdutl; 3.4 (Debian bookworm's) with etcdctl. */
        private static String restoreToolOnHost() {
            return Files.isExecutable(Path.of("/usr/bin/etcdutl")) ? "/usr/bin/etcdutl" : "/usr/bin/etcdctl";
        }
    }

    /** What a member needs to know of its node. */
    public record Node(Supplier<String> hostname, Addresses addresses, Supplier<List<String>> peerClientUrls) {
    }

    /** The node's addresses as the kernel has them now. */
    @FunctionalInterface
    public interface Addresses {
        List<InetAddress> current() throws InterruptedException;
    }

    /** A bootstrap asked for and not started yet. */
    private record Bootstrap(boolean recover, boolean skipHashCheck) {
    }

    private final Supervisor supervisor;
    private final EtcdCertificateKeeper certificates;
    private final Map<String, String> extraArgs;
    private final Node node;
    private final Paths paths;
    private Bootstrap pending;
    /** Set once this node bootstraps, until it leaves: a second bootstrap is refused even before data is written. */
    private boolean bootstrapped;
    private volatile EtcdClient.Identity identity;
    private volatile InetAddress advertised;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** The health check's client, for {@link #healthIdentity}; guarded by this. */
    private EtcdClient health;
    private EtcdClient.Identity healthIdentity;

    public EtcdService(Supervisor supervisor, CertificateAuthority ca, Map<String, String> extraArgs, Node node,
            Paths paths) {
        this.supervisor = supervisor;
        this.certificates = new EtcdCertificateKeeper(ca, paths.secrets(), node.hostname(), node.addresses(),
                EtcdCertificates.VALIDITY);
        this.extraArgs = Map.copyOf(extraArgs);
        this.node = node;
        this.paths = paths;
    }

    /** Registers the service and starts it: it waits for a bootstrap or a cluster to join, or runs on its data. */
    public void start() {
        supervisor.register(ServiceSpec.of(ID, ProcessSpec.of(paths.etcd()))
                .preparedBy(this::prepare)
                .withHealth(new HealthCheck(this::checkHealth, Duration.ofSeconds(1)))
                .withStopTimeout(Duration.ofSeconds(15)));
        supervisor.start(ID);
    }

    public Paths paths() {
        return paths;
    }

    /** A client of this node's own member (127.0.0.1:2379); fails when etcd has not been prepared yet. */
    public EtcdClient local() {
        return EtcdClient.connect(EtcdArguments.clientUrl(InetAddress.getLoopbackAddress()), identity());
    }

    /** A client of the member at a client URL, with machined's certificate. */
    public EtcdClient client(String url) {
        return EtcdClient.connect(url, identity());
    }

    /**
     * The client URLs of the other control planes' members, as far as this node knows them: those its config names,
     * then those of the members it has seen (so that it finds the cluster again after leaving it, even when the
     * member it first joined through has gone).
     */
    public List<String> peers() {
        Set<String> urls = new LinkedHashSet<>(node.peerClientUrls().get());
        urls.addAll(seen);
        if (advertised != null) {
            urls.remove(EtcdArguments.clientUrl(advertised));
        }
        return List.copyOf(urls);
    }

    /** The peer URL this node's member advertises, once etcd has been prepared to start. */
    public Optional<String> peerUrl() {
        InetAddress address = advertised;
        return address == null ? Optional.empty() : Optional.of(EtcdArguments.peerUrl(address));
    }

    /** Notes the client URLs of members this node has seen, for {@link #peers()}. */
    public void remember(List<Member> members) {
        for (Member m : members) {
            seen.addAll(m.getClientURLsList());
        }
    }

    private EtcdClient.Identity identity() {
        EtcdClient.Identity id = identity;
        if (id == null) {
            throw new IllegalStateException("etcd has not been started on this node yet");
        }
        return id;
    }

    /** Thrown when a request cannot be carried out in the node's present state; the message says why. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Has this node create the cluster, once: refused when this node has etcd data or has bootstrapped already, when
     * a member of a cluster answers at one of the peers, or when recovery is asked for and no snapshot was uploaded.
     */
    public void bootstrap(boolean recover, boolean skipHashCheck) throws Refused {
        synchronized (this) {
            if (bootstrapped || hasMember()) {
                throw new Refused("etcd is already bootstrapped: this node has etcd data in " + paths.data()
                        + " (bootstrap runs once per cluster)");
            }
            if (recover && !Files.exists(paths.recoverySnapshot())) {
                throw new Refused("no etcd snapshot has been uploaded to recover from (EtcdRecover comes first)");
            }
        }
        Optional<String> elsewhere = answeringPeer();
        synchronized (this) {
            if (bootstrapped || hasMember()) {
                throw new Refused("etcd is already bootstrapped on this node");
            }
            if (elsewhere.isPresent()) {
                throw new Refused("etcd is already bootstrapped: the member at " + elsewhere.get() + " answers"
                        + " (bootstrap runs once per cluster; this node joins it by itself)");
            }
            bootstrapped = true;
            pending = new Bootstrap(recover, skipHashCheck);
            notifyAll();
        }
        supervisor.start(ID);
    }

    /** Stores a snapshot to recover from on the next bootstrap ({@code bootstrap --recover-from}). */
    public Path recoverySnapshot() {
        return paths.recoverySnapshot();
    }

    /**
     * After this node's member was removed from the cluster: stops etcd and deletes its data, so that a later start
     * joins the cluster afresh (or a bootstrap creates a new one).
     */
    public void forget() throws InterruptedException, IOException {
        supervisor.stop(ID);
        synchronized (this) {
            deleteContents(paths.data());
            bootstrapped = false;
            pending = null;
        }
    }

    /** Whether this node holds the data of an etcd member. */
    public boolean hasMember() {
        return Files.isDirectory(paths.data().resolve("member"));
    }

    /** The service's preparation: certificates, then how this start goes (see the class comment). */
    ProcessSpec prepare(ProcessSpec declared, ServiceSpec.Preparing preparing) throws Exception {
        InetAddress address = awaitAddress(preparing);
        if (address == null) {
            return declared;
        }
        String name = node.hostname().get();
        EtcdCertificateKeeper.Written written = certificates.issue();
        EtcdCertificates.Layout layout = written.layout();
        identity = written.identity();
        certificates.keep(renewed -> identity = renewed);
        advertised = address;
        Files.createDirectories(paths.data().getParent());
        while (!preparing.stopRequested()) {
            if (hasMember()) {
                checkStillMember(EtcdArguments.peerUrl(address));
                return run(declared, new EtcdArguments(name, address, paths.data(), layout,
                        EtcdArguments.Start.RESTART, Map.of(), extraArgs));
            }
            Bootstrap bootstrap;
            synchronized (this) {
                bootstrap = pending;
                pending = null;
            }
            if (bootstrap != null) {
                if (bootstrap.recover()) {
                    restore(name, address, bootstrap.skipHashCheck());
                    return run(declared, new EtcdArguments(name, address, paths.data(), layout,
                            EtcdArguments.Start.RESTART, Map.of(), extraArgs));
                }
                return run(declared, new EtcdArguments(name, address, paths.data(), layout, EtcdArguments.Start.NEW,
                        Map.of(), extraArgs));
            }
            Optional<Map<String, String>> joined = join(name, address, preparing);
            if (joined.isPresent()) {
                return run(declared, new EtcdArguments(name, address, paths.data(), layout,
                        EtcdArguments.Start.EXISTING, joined.get(), extraArgs));
            }
            List<String> peers = peers();
            preparing.say(peers.isEmpty() ? "waiting for a bootstrap (anvilctl bootstrap): no other control plane"
                    + " is known to join" : "waiting to join etcd: no member answers at " + String.join(", ", peers)
                    + " (bootstrap one control plane: anvilctl bootstrap)");
            synchronized (this) {
                if (pending == null) {
                    wait(RETRY.toMillis());
                }
            }
        }
        return declared;
    }

    private ProcessSpec run(ProcessSpec declared, EtcdArguments arguments) {
        return new ProcessSpec(declared.path(), arguments.toList(), declared.env(), declared.output(),
                declared.newSession());
    }

    /** The node's first IPv4 address that is not loopback (waits for one), or null when stopped meanwhile. */
    private InetAddress awaitAddress(ServiceSpec.Preparing preparing) throws InterruptedException {
        while (!preparing.stopRequested()) {
            Optional<InetAddress> address = node.addresses().current().stream()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
            if (address.isPresent()) {
                return address.get();
            }
            preparing.say("waiting for the node's address");
            Thread.sleep(200);
        }
        return null;
    }

    /**
     * Adds this node as a learner through the first peer whose member answers, and starts promoting it; the
     * members to start with, by name (this one under {@code name}), or empty when no member answers.
     */
    private Optional<Map<String, String>> join(String name, InetAddress address, ServiceSpec.Preparing preparing) {
        String peerUrl = EtcdArguments.peerUrl(address);
        for (String url : peers()) {
            try (EtcdClient client = client(url)) {
                List<Member> members = client.members();
                remember(members);
                for (Member stale : members) {
                    // a member added for this address before, which never started or whose data this node lost
                    if (stale.getPeerURLsList().contains(peerUrl)) {
                        preparing.say("removing the stale member " + Long.toUnsignedString(stale.getID(), 16)
                                + " for " + peerUrl);
                        client.remove(stale.getID());
                    }
                }
                preparing.say("joining etcd through " + url + " as a learner");
                MemberAddResponse added = client.addLearner(peerUrl);
                Map<String, String> initial = new LinkedHashMap<>();
                for (Member m : added.getMembersList()) {
                    if (m.getID() == added.getMember().getID()) {
                        initial.put(name, peerUrl);
                    } else if (m.getPeerURLsCount() > 0) {
                        // etcd compares the peer URLs with the cluster's; a member that has not started has no name
                        initial.put(m.getName().isEmpty() ? "unstarted-" + Long.toUnsignedString(m.getID(), 16)
                                : m.getName(), m.getPeerURLs(0));
                    }
                }
                promoteLater(added.getMember().getID());
                return Optional.of(initial);
            } catch (StatusRuntimeException e) {
                preparing.say("joining etcd through " + url + " failed: " + e.getStatus().getDescription());
            }
        }
        return Optional.empty();
    }

    /** Promotes the learner once it has caught up, retrying through any member that answers. */
    private void promoteLater(long memberId) {
        Thread.ofVirtual().name("etcd promote").start(() -> {
            Instant deadline = Instant.now().plus(PROMOTE_FOR);
            while (Instant.now().isBefore(deadline)) {
                for (String url : peers()) {
                    try (EtcdClient client = client(url)) {
                        client.promote(memberId);
                        return;
                    } catch (StatusRuntimeException e) {
                        String why = String.valueOf(e.getStatus().getDescription());
                        if (why.contains("not a learner") || why.contains("member not found")) {
                            return;
                        }
                    }
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /**
     * Fails when a member of the cluster answers and this node's member is not among its members: it was removed
     * (etcd remove-member), and its data would only have etcd exit again. Wiping the node's EPHEMERAL (a reset) has
     * it join afresh.
     */
    private void checkStillMember(String peerUrl) throws Refused {
        for (String url : peers()) {
            List<Member> members;
            try (EtcdClient client = client(url)) {
                members = client.members();
            } catch (StatusRuntimeException e) {
                continue;
            }
            remember(members);
            if (members.stream().noneMatch(m -> m.getPeerURLsList().contains(peerUrl))) {
                throw new Refused("this node's etcd member was removed from the cluster (the member at " + url
                        + " does not list " + peerUrl + "); wipe EPHEMERAL (anvilctl reset --system-labels-to-wipe"
                        + " EPHEMERAL --reboot) to join again");
            }
            return;
        }
    }

    /** The first peer whose member answers a member list, if any. */
    private Optional<String> answeringPeer() {
        if (identity == null) {
            return Optional.empty();
        }
        for (String url : peers()) {
            try (EtcdClient client = client(url)) {
                client.members();
                return Optional.of(url);
            } catch (StatusRuntimeException e) {
                // not there (yet): the next one
            }
        }
        return Optional.empty();
    }

    /** Restores the uploaded snapshot into the (empty) data directory, as a cluster of this one member. */
    private void restore(String name, InetAddress address, boolean skipHashCheck) throws Exception {
        Files.deleteIfExists(paths.data());
        List<String> args = new ArrayList<>(List.of("snapshot", "restore", paths.recoverySnapshot().toString(),
                "--name=" + name, "--initial-cluster=" + name + "=" + EtcdArguments.peerUrl(address),
                "--initial-advertise-peer-urls=" + EtcdArguments.peerUrl(address),
                "--data-dir=" + paths.data()));
        if (skipHashCheck) {
            args.add("--skip-hash-check");
        }
        var spec = new ProcessSpec(paths.restoreTool(), args, Map.of("ETCDCTL_API", "3",
                "PATH", "/usr/sbin:/usr/bin"), ProcessSpec.Output.CAPTURE, true);
        var child = dev.anvil.sys.Spawner.spawn(spec);
        String output = new String(child.output().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        var exit = child.exit().get();
        if (!exit.success()) {
            deleteContents(paths.data());
            Files.deleteIfExists(paths.data());
            synchronized (this) {
                bootstrapped = false;
            }
            throw new IOException("restoring the snapshot failed (" + exit + "): " + output.strip());
        }
        Files.deleteIfExists(paths.recoverySnapshot());
    }

    /** Healthy when the member answers a status without errors; one channel serves the checks of one identity. */
    private void checkHealth() {
        EtcdClient.Identity id = identity();
        EtcdClient client;
        synchronized (this) {
            if (health == null || healthIdentity != id) {
                if (health != null) {
                    health.close();
                }
                health = local();
                healthIdentity = id;
            }
            client = health;
        }
        var status = client.status();
        if (status.getErrorsCount() > 0) {
            throw new IllegalStateException(String.join("; ", status.getErrorsList()));
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
