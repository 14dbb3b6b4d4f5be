package dev.anvil.machined.etcd;

import com.google.protobuf.ByteString;
import dev.anvil.api.etcd.AlarmMember;
import dev.anvil.api.etcd.AlarmRequest;
import dev.anvil.api.etcd.AlarmType;
import dev.anvil.api.etcd.ClusterGrpc;
import dev.anvil.api.etcd.DefragmentRequest;
import dev.anvil.api.etcd.Compare;
import dev.anvil.api.etcd.KVGrpc;
import dev.anvil.api.etcd.LeaseGrantRequest;
import dev.anvil.api.etcd.LeaseGrpc;
import dev.anvil.api.etcd.LeaseKeepAliveRequest;
import dev.anvil.api.etcd.LeaseKeepAliveResponse;
import dev.anvil.api.etcd.LeaseRevokeRequest;
import dev.anvil.api.etcd.MaintenanceGrpc;
import dev.anvil.api.etcd.Member;
import dev.anvil.api.etcd.MemberAddRequest;
import dev.anvil.api.etcd.MemberAddResponse;
import dev.anvil.api.etcd.MemberListRequest;
import dev.anvil.api.etcd.MemberPromoteRequest;
import dev.anvil.api.etcd.MemberRemoveRequest;
import dev.anvil.api.etcd.MoveLeaderRequest;
import dev.anvil.api.etcd.PutRequest;
import dev.anvil.api.etcd.RangeRequest;
import dev.anvil.api.etcd.RequestOp;
import dev.anvil.api.etcd.SnapshotRequest;
import dev.anvil.api.etcd.SnapshotResponse;
import dev.anvil.api.etcd.StatusRequest;
import dev.anvil.api.etcd.StatusResponse;
import dev.anvil.api.etcd.TxnRequest;
import dev.anvil.api.etcd.TxnResponse;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machined.server.IdentityKeyManager;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small etcd v3 client over our gRPC stack: one member's client URL, mutual TLS with a certificate from the etcd
 * CA. It has the calls machined makes (membership, maintenance, a little of the key-value API) as blocking calls with
 * a deadline each; a snapshot streams for as long as it takes. Errors are grpc's {@code StatusRuntimeException}s with
 * etcd's messages ("etcdserver: ...").
 */
public final class EtcdClient implements AutoCloseable {
    private static final Duration CALL = Duration.ofSeconds(10);

    private final ManagedChannel channel;
    private final String endpoint;

    private EtcdClient(ManagedChannel channel, String endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /** The TLS identity of a client: the etcd CA to trust members by, and a client certificate with its key. */
    public record Identity(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
        public static Identity fromPem(String caPem, String certificatePem, String keyPem) {
            return new Identity(PemCodec.parseCertificate(caPem), PemCodec.parseCertificate(certificatePem),
                    PemCodec.parsePrivateKey(keyPem));
        }

        public static Identity of(EtcdCertificates certificates) {
            return fromPem(certificates.ca().certificate(), certificates.client().certificate(),
                    certificates.client().key());
        }
    }

    /** A client of the member at {@code url} ("https://host:2379"); connects on the first call. */
    public static EtcdClient connect(String url, Identity identity) {
        URI uri = URI.create(url);
        SslContext ssl;
        try {
            SslContextBuilder tls = SslContextBuilder.forClient()
                    .keyManager(new IdentityKeyManager(identity.certificate(), identity.key()))
                    .trustManager(identity.ca());
            boolean ed25519 = identity.ca().getPublicKey().getAlgorithm().equals("Ed25519");
            ssl = GrpcSslContexts.configure(tls, ed25519 ? SslProvider.JDK : SslProvider.OPENSSL).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to etcd: " + e.getMessage(), e);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, uri.getPort()).sslContext(ssl)
                .maxInboundMessageSize(16 * 1024 * 1024).build();
        return new EtcdClient(channel, url);
    }

    public String endpoint() {
        return endpoint;
    }

    public List<Member> members() {
        return cluster().memberList(MemberListRequest.getDefaultInstance()).getMembersList();
    }

    /** Adds a member that does not vote until promoted; the reply has it (with its ID) and every member. */
    public MemberAddResponse addLearner(String peerUrl) {
        return cluster().memberAdd(MemberAddRequest.newBuilder().addPeerURLs(peerUrl).setIsLearner(true).build());
    }

    public void promote(long memberId) {
        cluster().memberPromote(MemberPromoteRequest.newBuilder().setID(memberId).build());
    }

    public void remove(long memberId) {
        cluster().memberRemove(MemberRemoveRequest.newBuilder().setID(memberId).build());
    }

    /** The status of the member this client talks to. */
    public StatusResponse status() {
        return maintenance().status(StatusRequest.getDefaultInstance());
    }

    public List<AlarmMember> alarms() {
        return maintenance().alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET)
                .setAlarm(AlarmType.NONE).build()).getAlarmsList();
    }

    /** Clears an alarm; returns the alarms that were cleared. */
    public List<AlarmMember> disarm(AlarmMember alarm) {
        return maintenance().alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.DEACTIVATE)
                .setMemberID(alarm.getMemberID()).setAlarm(alarm.getAlarm()).build()).getAlarmsList();
    }

    /** Defragments the member this client talks to; it blocks the member meanwhile, so it gets a minute. */
    public void defragment() {
        MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .defragment(DefragmentRequest.getDefaultInstance());
    }

    /** Hands leadership to {@code memberId}; only the leader can. */
    public void moveLeader(long memberId) {
        maintenance().moveLeader(MoveLeaderRequest.newBuilder().setTargetID(memberId).build());
    }

    /** Takes the chunks of a snapshot as they come. */
    @FunctionalInterface
    public interface Chunks {
        void accept(ByteString chunk) throws InterruptedException, IOException;
    }

    /**
     * Hands the member's snapshot to {@code out} chunk by chunk: the database as the member sends it, with the
     * checksum etcd appends, so that {@code etcdctl snapshot status} and {@code snapshot restore} accept it.
     */
    public void snapshot(Chunks out) throws InterruptedException, IOException {
        Iterator<SnapshotResponse> chunks = MaintenanceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.MINUTES).snapshot(SnapshotRequest.getDefaultInstance());
        while (chunks.hasNext()) {
            out.accept(chunks.next().getBlob());
        }
    }

    public void put(String key, String value) {
        KVGrpc.newBlockingStub(channel).withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
                .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
                        .setValue(ByteString.copyFromUtf8(value)).build());
    }

    public Optional<String> get(String key) {
        var kvs = KVGrpc.newBlockingStub(channel).withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build()).getKvsList();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.getFirst().getValue().toString(
                StandardCharsets.UTF_8));
    }

    /** A lease of {@code ttl} seconds (etcd may lengthen it to its minimum); returns its ID. */
    public long grantLease(long ttl, Duration deadline) {
        return LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build()).getID();
    }

    /**
     * Renews a lease once, as {@code etcdctl lease keep-alive --once} does: one request on a keep-alive stream of
     * its own. Returns the TTL the lease has again, 0 or less when it has expired (or never existed).
     */
    public long keepAlive(long lease, Duration deadline) {
        CompletableFuture<Long> ttl = new CompletableFuture<>();
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .leaseKeepAlive(new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse response) {
                        ttl.complete(response.getTTL());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ttl.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        ttl.completeExceptionally(new IllegalStateException("keep-alive stream closed"));
                    }
                });
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(lease).build());
        try {
            return ttl.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no keep-alive answer within " + deadline, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            requests.onCompleted();
        }
    }

    /** Ends a lease at once: the keys attached to it are deleted. */
    public void revokeLease(long lease, Duration deadline) {
        LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .leaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease).build());
    }

    /** Who holds a key: its value and the lease it is attached to. */
    public record Holder(String value, long lease) {
    }

    /**
     * In one transaction: creates {@code key} with {@code value}, attached to {@code lease}, unless it exists; then
     * reads it. Returns its holder, which is this caller when the key was created now or earlier with this lease.
     */
    public Holder claim(String key, String value, long lease, Duration deadline) {
        ByteString k = ByteString.copyFromUtf8(key);
        RequestOp read = RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(k)).build();
        TxnResponse response = KVGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .txn(TxnRequest.newBuilder()
                        .addCompare(Compare.newBuilder().setKey(k).setTarget(Compare.CompareTarget.CREATE)
                                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(0))
                        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k)
                                .setValue(ByteString.copyFromUtf8(value)).setLease(lease)))
                        .addSuccess(read)
                        .addFailure(read)
                        .build());
        var kvs = response.getResponses(response.getResponsesCount() - 1).getResponseRange().getKvsList();
        return kvs.isEmpty() ? new Holder("", 0)
                : new Holder(kvs.getFirst().getValue().toString(StandardCharsets.UTF_8), kvs.getFirst().getLease());
    }

    private ClusterGrpc.ClusterBlockingStub cluster() {
        return ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MaintenanceGrpc.MaintenanceBlockingStub maintenance() {
        return MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
