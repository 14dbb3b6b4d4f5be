package dev.anvil.machined.server;

import dev.anvil.api.common.Data;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.etcd.AlarmMember;
import dev.anvil.api.etcd.Member;
import dev.anvil.api.machine.Bootstrap;
import dev.anvil.api.machine.BootstrapRequest;
import dev.anvil.api.machine.BootstrapResponse;
import dev.anvil.api.machine.EtcdAlarm;
import dev.anvil.api.machine.EtcdAlarmDisarm;
import dev.anvil.api.machine.EtcdAlarmDisarmResponse;
import dev.anvil.api.machine.EtcdAlarmListResponse;
import dev.anvil.api.machine.EtcdDefragment;
import dev.anvil.api.machine.EtcdDefragmentResponse;
import dev.anvil.api.machine.EtcdForfeitLeadership;
import dev.anvil.api.machine.EtcdForfeitLeadershipResponse;
import dev.anvil.api.machine.EtcdLeaveCluster;
import dev.anvil.api.machine.EtcdLeaveClusterResponse;
import dev.anvil.api.machine.EtcdMember;
import dev.anvil.api.machine.EtcdMemberAlarm;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdMemberListResponse;
import dev.anvil.api.machine.EtcdMemberStatus;
import dev.anvil.api.machine.EtcdMembers;
import dev.anvil.api.machine.EtcdRecover;
import dev.anvil.api.machine.EtcdRecoverResponse;
import dev.anvil.api.machine.EtcdRemoveMemberByID;
import dev.anvil.api.machine.EtcdRemoveMemberByIDRequest;
import dev.anvil.api.machine.EtcdRemoveMemberByIDResponse;
import dev.anvil.api.machine.EtcdStatus;
import dev.anvil.api.machine.EtcdStatusResponse;
import dev.anvil.machined.etcd.EtcdClient;
import dev.anvil.machined.etcd.EtcdService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.anvil.machined.server.MachineServer.node;

/**
 * Bootstrap and the etcd RPCs of the machine service, as Talos serves them: only control planes run etcd (others
 * answer FAILED_PRECONDITION), maintenance goes to this node's own member, membership through it (or, for a member
 * list, through a peer when this member does not answer). etcd's own errors keep their status code, with etcd's
 * message.
 */
final class EtcdRpcs {
    private static final Duration UNHEALTHY_RETRY = Duration.ofMinutes(2);

    private final EtcdService etcd;
    private final Streams streams;

    /** {@code etcd} is null on nodes that run no etcd (workers, maintenance mode). */
    EtcdRpcs(EtcdService etcd, Streams streams) {
        this.etcd = etcd;
        this.streams = streams;
    }

    private interface Call<T> {
        T run(EtcdService etcd) throws Exception;
    }

    /** Runs a unary call on a control plane; the errors a person can act on become statuses. */
    private <T> void unary(String what, StreamObserver<T> response, Call<T> call) {
        if (etcd == null) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(what
                    + " is only supported on control plane nodes").asRuntimeException());
            return;
        }
        T reply;
        try {
            reply = call(what, call);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }

    /** Runs a call on this node's etcd service; the errors a person can act on become statuses. */
    private <T> T call(String what, Call<T> call) {
        try {
            return call.run(etcd);
        } catch (EtcdService.Refused e) {
            throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        } catch (StatusRuntimeException e) {
            throw fromEtcd(e);
        } catch (IllegalStateException e) {
            throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (Exception e) {
            throw Status.INTERNAL.withDescription(what + ": " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    private static StatusRuntimeException fromEtcd(StatusRuntimeException e) {
        String why = e.getStatus().getDescription();
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode()
                == Status.Code.DEADLINE_EXCEEDED) {
            why = "etcd does not answer: " + why;
        }
        return e.getStatus().withDescription(why).asRuntimeException();
    }

    void bootstrap(BootstrapRequest request, StreamObserver<BootstrapResponse> response) {
        unary("bootstrap", response, etcd -> {
            etcd.bootstrap(request.getRecoverEtcd(), request.getRecoverSkipHashCheck());
            return BootstrapResponse.newBuilder().addMessages(Bootstrap.newBuilder().setMetadata(node())).build();
        });
    }

    void memberList(EtcdMemberListRequest request, StreamObserver<EtcdMemberListResponse> response) {
        unary("member list", response, etcd -> {
            List<Member> members = members(etcd, request.getQueryLocal());
            etcd.remember(members);
            var reply = EtcdMembers.newBuilder().setMetadata(node());
            for (Member m : members) {
                reply.addLegacyMembers(m.getName());
                reply.addMembers(EtcdMember.newBuilder().setId(m.getID()).setHostname(m.getName())
                        .addAllPeerUrls(m.getPeerURLsList()).addAllClientUrls(m.getClientURLsList())
                        .setIsLearner(m.getIsLearner()));
            }
            return EtcdMemberListResponse.newBuilder().addMessages(reply).build();
        });
    }

    /** The members as this node's member sees them, else (unless only the local view is asked for) a peer's. */
    private static List<Member> members(EtcdService etcd, boolean local) {
        try (EtcdClient client = etcd.local()) {
            return client.members();
        } catch (StatusRuntimeException e) {
            if (local) {
                throw e;
            }
            for (String url : etcd.peers()) {
                try (EtcdClient client = etcd.client(url)) {
                    return client.members();
                } catch (StatusRuntimeException next) {
                    // the next peer
                }
            }
            throw e;
        }
    }

    void status(StreamObserver<EtcdStatusResponse> response) {
        unary("etcd status", response, etcd -> {
            try (EtcdClient client = etcd.local()) {
                var s = client.status();
                var status = EtcdMemberStatus.newBuilder().setMemberId(s.getHeader().getMemberId())
                        .setProtocolVersion(s.getVersion()).setStorageVersion(s.getStorageVersion())
                        .setDbSize(s.getDbSize()).setDbSizeInUse(s.getDbSizeInUse()).setLeader(s.getLeader())
                        .setRaftIndex(s.getRaftIndex()).setRaftTerm(s.getRaftTerm())
                        .setRaftAppliedIndex(s.getRaftAppliedIndex()).addAllErrors(s.getErrorsList())
                        .setIsLearner(s.getIsLearner());
                return EtcdStatusResponse.newBuilder().addMessages(EtcdStatus.newBuilder().setMetadata(node())
                        .setMemberStatus(status)).build();
            }
        });
    }

    /**
     * Removes this node's member from the cluster (through another member when one answers), then stops etcd and
     * deletes its data; starting the etcd service later joins the cluster afresh.
     */
    void leaveCluster(StreamObserver<EtcdLeaveClusterResponse> response) {
        unary("etcd leave", response, etcd -> {
            leave(etcd, false);
            return EtcdLeaveClusterResponse.newBuilder().addMessages(EtcdLeaveCluster.newBuilder()
                    .setMetadata(node())).build();
        });
    }

    /**
     * Before a graceful reset: a control plane holding a member leaves the cluster, as {@code etcd leave} does (a
     * member already removed has nothing to leave); other nodes have nothing to do. Throws the reply's status when
     * the member cannot leave, saying how to reset without leaving.
     */
    void leaveBeforeReset() {
        if (etcd == null || !etcd.hasMember()) {
            return;
        }
        try {
            call("etcd leave", e -> {
                leave(e, true);
                return null;
            });
        } catch (StatusRuntimeException e) {
            throw e.getStatus().withDescription("a graceful reset leaves etcd first, and that failed: "
                    + e.getStatus().getDescription() + " (reset with --graceful=false not to leave etcd)")
                    .asRuntimeException();
        }
    }

    /** This node's member leaves the cluster; {@code removedIsDone}: a member the cluster no longer lists is done. */
    private static void leave(EtcdService etcd, boolean removedIsDone) throws Exception {
        String self = etcd.peerUrl().orElseThrow(() -> new EtcdService.Refused(
                "etcd has not been started on this node yet"));
        List<Member> members = members(etcd, false);
        etcd.remember(members);
        Optional<Member> mine = members.stream().filter(m -> m.getPeerURLsList().contains(self)).findFirst();
        if (mine.isEmpty()) {
            if (!removedIsDone) {
                throw new EtcdService.Refused("this node's member (" + self + ") is not in the etcd cluster");
            }
        } else {
            if (members.stream().noneMatch(m -> m.getID() != mine.get().getID() && !m.getIsLearner())) {
                throw new EtcdService.Refused("this is the cluster's only voting member: it cannot leave");
            }
            removeThroughAnyone(etcd, mine.get().getID(), true);
        }
        etcd.forget();
    }

    /**
     * Removes a member, retrying while etcd answers that the cluster is unhealthy (it refuses a removal until the
     * remaining members have been connected a while, e.g. just after one restarted), as Talos retries it.
     */
    private static void removeThroughAnyone(EtcdService etcd, long member, boolean missingIsDone)
            throws InterruptedException {
        long deadline = System.nanoTime() + UNHEALTHY_RETRY.toNanos();
        while (true) {
            try {
                removeOnce(etcd, member, missingIsDone);
                return;
            } catch (StatusRuntimeException e) {
                if (!unhealthy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static boolean unhealthy(StatusRuntimeException e) {
        return String.valueOf(e.getStatus().getDescription()).contains("unhealthy cluster");
    }

    private static void removeOnce(EtcdService etcd, long member, boolean missingIsDone) {
        StatusRuntimeException last = null;
        for (String url : etcd.peers()) {
            try (EtcdClient client = etcd.client(url)) {
                client.remove(member);
                return;
            } catch (StatusRuntimeException e) {
                last = e;
                if (notFound(e)) {
                    if (missingIsDone) {
                        return;
                    }
                    throw e;
                }
            }
        }
        try (EtcdClient client = etcd.local()) {
            client.remove(member);
        } catch (StatusRuntimeException e) {
            if (!notFound(e) || !missingIsDone) {
                throw last != null && e.getStatus().getCode() == Status.Code.UNAVAILABLE ? last : e;
            }
        }
    }

    private static boolean notFound(StatusRuntimeException e) {
        return String.valueOf(e.getStatus().getDescription()).contains("member not found");
    }

    void removeMemberById(EtcdRemoveMemberByIDRequest request, StreamObserver<EtcdRemoveMemberByIDResponse> response) {
        unary("etcd remove member", response, etcd -> {
            try {
                removeThroughAnyone(etcd, request.getMemberId(), false);
            } catch (StatusRuntimeException e) {
                if (notFound(e)) {
                    throw Status.NOT_FOUND.withDescription("etcd member " + Long.toUnsignedString(
                            request.getMemberId(), 16) + " not found").asRuntimeException();
                }
                throw e;
            }
            return EtcdRemoveMemberByIDResponse.newBuilder().addMessages(EtcdRemoveMemberByID.newBuilder()
                    .setMetadata(node())).build();
        });
    }

    /** Hands leadership to another voting member when this one leads; the reply names the new leader, if any. */
    void forfeitLeadership(StreamObserver<EtcdForfeitLeadershipResponse> response) {
        unary("etcd forfeit leadership", response, etcd -> {
            try (EtcdClient client = etcd.local()) {
                var status = client.status();
                List<Member> members = client.members();
                if (members.size() == 1) {
                    throw new EtcdService.Refused("cannot forfeit leadership, only one member");
                }
                String leader = "";
                long self = status.getHeader().getMemberId();
                if (status.getLeader() == self) {
                    Optional<Member> next = members.stream().filter(m -> m.getID() != self && !m.getIsLearner())
                            .findFirst();
                    if (next.isPresent()) {
                        client.moveLeader(next.get().getID());
                        leader = next.get().getName();
                    }
                }
                return EtcdForfeitLeadershipResponse.newBuilder().addMessages(EtcdForfeitLeadership.newBuilder()
                        .setMetadata(node()).setMember(leader)).build();
            }
        });
    }

    void defragment(StreamObserver<EtcdDefragmentResponse> response) {
        unary("etcd defragment", response, etcd -> {
            try (EtcdClient client = etcd.local()) {
                client.defragment();
            }
            return EtcdDefragmentResponse.newBuilder().addMessages(EtcdDefragment.newBuilder().setMetadata(node()))
                    .build();
        });
    }

    void alarmList(StreamObserver<EtcdAlarmListResponse> response) {
        unary("etcd alarm list", response, etcd -> {
            try (EtcdClient client = etcd.local()) {
                return EtcdAlarmListResponse.newBuilder().addMessages(EtcdAlarm.newBuilder().setMetadata(node())
                        .addAllMemberAlarms(alarms(client.alarms()))).build();
            }
        });
    }

    /** Clears every active alarm; the reply lists those that were cleared. */
    void alarmDisarm(StreamObserver<EtcdAlarmDisarmResponse> response) {
        unary("etcd alarm disarm", response, etcd -> {
            try (EtcdClient client = etcd.local()) {
                var disarmed = EtcdAlarmDisarm.newBuilder().setMetadata(node());
                for (AlarmMember alarm : client.alarms()) {
                    disarmed.addAllMemberAlarms(alarms(client.disarm(alarm)));
                }
                return EtcdAlarmDisarmResponse.newBuilder().addMessages(disarmed).build();
            }
        });
    }

    private static List<EtcdMemberAlarm> alarms(List<AlarmMember> alarms) {
        return alarms.stream().map(a -> EtcdMemberAlarm.newBuilder().setMemberId(a.getMemberID())
                .setAlarmValue(a.getAlarmValue()).build()).toList();
    }

    /** This member's snapshot, streamed as it comes from etcd. */
    void snapshot(StreamObserver<Data> response) {
        if (etcd == null) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(
                    "etcd snapshot is only supported on control plane nodes").asRuntimeException());
            return;
        }
        streams.start(response, Thread.ofVirtual().name("etcd snapshot"), out -> {
            try (EtcdClient client = etcd.local()) {
                client.snapshot(chunk -> out.send(Data.newBuilder().setBytes(chunk).build()));
            } catch (StatusRuntimeException e) {
                throw fromEtcd(e);
            } catch (IllegalStateException e) {
                throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
            }
        });
    }

    /**
     * Takes an uploaded snapshot and keeps it for {@code Bootstrap{recover_etcd}}; written beside its final place
     * and moved there once complete, so a broken upload leaves nothing to recover from.
     */
    StreamObserver<Data> recover(StreamObserver<EtcdRecoverResponse> response) {
        if (etcd == null) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(
                    "etcd recover is only supported on control plane nodes").asRuntimeException());
            return new Discard<>();
        }
        Path target = etcd.recoverySnapshot();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        OutputStream out;
        try {
            Files.createDirectories(target.getParent());
            out = Files.newOutputStream(partial);
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("cannot store the snapshot: " + e.getMessage())
                    .asRuntimeException());
            return new Discard<>();
        }
        return new StreamObserver<>() {
            private IOException failed;

            @Override
            public void onNext(Data chunk) {
                if (failed == null) {
                    try {
                        chunk.getBytes().writeTo(out);
                    } catch (IOException e) {
                        failed = e;
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                closeQuietly();
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a later upload replaces it
                }
            }

            @Override
            public void onCompleted() {
                try {
                    out.close();
                    if (failed != null) {
                        throw failed;
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    response.onError(Status.INTERNAL.withDescription("cannot store the snapshot: "
                            + e.getMessage()).asRuntimeException());
                    return;
                }
                response.onNext(EtcdRecoverResponse.newBuilder().addMessages(EtcdRecover.newBuilder()
                        .setMetadata(node())).build());
                response.onCompleted();
            }

            private void closeQuietly() {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the partial file is deleted anyway
                }
            }
        };
    }

    /** The request stream of a call already answered with an error. */
    private static final class Discard<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
