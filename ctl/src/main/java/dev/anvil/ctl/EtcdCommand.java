package dev.anvil.ctl;

import dev.anvil.ctl.files.Humanize;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.EtcdAlarm;
import dev.anvil.api.machine.EtcdAlarmDisarm;
import dev.anvil.api.machine.EtcdForfeitLeadershipRequest;
import dev.anvil.api.machine.EtcdLeaveClusterRequest;
import dev.anvil.api.machine.EtcdMember;
import dev.anvil.api.machine.EtcdMemberAlarm;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdMemberStatus;
import dev.anvil.api.machine.EtcdMembers;
import dev.anvil.api.machine.EtcdRemoveMemberByIDRequest;
import dev.anvil.api.machine.EtcdSnapshotRequest;
import dev.anvil.api.machine.EtcdStatus;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** anvilctl etcd: the control planes' etcd members, as talosctl etcd shows and manages them. */
@Command(name = "etcd", description = "Manage etcd.",
        subcommands = {EtcdCommand.Members.class, EtcdCommand.Status.class, EtcdCommand.Snapshot.class,
                EtcdCommand.Leave.class, EtcdCommand.ForfeitLeadership.class, EtcdCommand.RemoveMember.class,
                EtcdCommand.Defrag.class, EtcdCommand.Alarm.class})
final class EtcdCommand {
    private EtcdCommand() {
    }

    /** etcd's way of writing a member ID: 16 hex digits. */
    static String memberId(long id) {
        return String.format(Locale.ROOT, "%016x", id);
    }

    @Command(name = "members", description = "Get the list of etcd cluster members.")
    static final class Members implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
                Table table = new Table("NODE", "ID", "HOSTNAME", "PEER URLS", "CLIENT URLS", "LEARNER");
                for (EtcdMembers reply : api.machine().etcdMemberList(EtcdMemberListRequest.newBuilder()
                        .setQueryLocal(true).build()).getMessagesList()) {
                    if (errors.reported(reply)) {
                        continue;
                    }
                    for (EtcdMember m : reply.getMembersList()) {
                        table.row(api.nodeOf(reply), memberId(m.getId()), m.getHostname(),
                                String.join(",", m.getPeerUrlsList()), String.join(",", m.getClientUrlsList()),
                                m.getIsLearner());
                    }
                }
                table.print(spec.commandLine().getOut());
                return errors.exitCode();
            }
        }
    }

    @Command(name = "status", description = {"Get the status of etcd cluster member.",
            "Returns the status of etcd member on the node, use multiple nodes to get status of all members."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
                Table table = new Table("NODE", "MEMBER", "DB SIZE", "IN USE", "LEADER", "RAFT INDEX", "RAFT TERM",
                        "RAFT APPLIED INDEX", "LEARNER", "PROTOCOL", "STORAGE", "ERRORS");
                for (EtcdStatus reply : api.machine().etcdStatus(Empty.getDefaultInstance()).getMessagesList()) {
                    if (errors.reported(reply)) {
                        continue;
                    }
                    EtcdMemberStatus s = reply.getMemberStatus();
                    double ratio = s.getDbSize() > 0 ? (double) s.getDbSizeInUse() / s.getDbSize() * 100.0 : 0;
                    table.row(api.nodeOf(reply), memberId(s.getMemberId()), Humanize.bytes(s.getDbSize()),
                            Humanize.bytes(s.getDbSizeInUse()) + String.format(Locale.ROOT, " (%.2f%%)", ratio),
                            memberId(s.getLeader()), s.getRaftIndex(), s.getRaftTerm(), s.getRaftAppliedIndex(),
                            s.getIsLearner(), s.getProtocolVersion(), s.getStorageVersion(),
                            String.join(", ", s.getErrorsList()));
                }
                table.print(spec.commandLine().getOut());
                return errors.exitCode();
            }
        }
    }

    @Command(name = "snapshot", description = "Stream snapshot of the etcd node to the path.")
    static final class Snapshot implements Callable<Integer> {
        /** etcd appends a SHA-256 to the database, whose size is a multiple of 512. */
        private static final int SHA256_SIZE = 32;

        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", description = "Where to write the snapshot.")
        Path path;

        @Override
        public Integer call() throws Exception {
            Path part = path.resolveSibling(path.getFileName() + ".part");
            try (ApiSession api = ReadCommand.openOne(spec, "etcd snapshot")) {
                long size = 0;
                Files.deleteIfExists(part);
                Files.createFile(part, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(part)) {
                    Iterator<Data> chunks = api.machine().etcdSnapshot(EtcdSnapshotRequest.getDefaultInstance());
                    while (chunks.hasNext()) {
                        Data chunk = chunks.next();
                        chunk.getBytes().writeTo(out);
                        size += chunk.getBytes().size();
                    }
                }
                if (size % 512 != SHA256_SIZE) {
                    throw new IOException("sha256 checksum not found (size " + size + ")");
                }
                Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().printf("etcd snapshot saved to \"%s\" (%d bytes)%n", path, size);
                spec.commandLine().getOut().println(EtcdSnapshotInfo.of(path).line());
                return 0;
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    @Command(name = "leave", description = "Tell nodes to leave etcd cluster.")
    static final class Leave implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = ReadCommand.openOne(spec, "etcd leave")) {
                var replies = api.machine().etcdLeaveCluster(EtcdLeaveClusterRequest.getDefaultInstance());
                return NodeReplies.of(api, replies.getMessagesList(), spec.commandLine().getErr()).exitCode();
            }
        }
    }

    @Command(name = "forfeit-leadership", description = "Tell node to forfeit etcd cluster leadership.")
    static final class ForfeitLeadership implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                var replies = api.machine().etcdForfeitLeadership(EtcdForfeitLeadershipRequest.getDefaultInstance());
                return NodeReplies.of(api, replies.getMessagesList(), spec.commandLine().getErr()).exitCode();
            }
        }
    }

    @Command(name = "remove-member", description = {"Remove the node from etcd cluster.",
            "Use this command only if you want to remove a member which is in broken state. If there is no access "
                    + "to the node, or the node can't access etcd to call etcd leave. Always prefer etcd leave over "
                    + "this command."})
    static final class RemoveMember implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "MEMBER-ID", description = "The member's ID, in hex (as etcd members shows it).")
        String member;

        @Override
        public Integer call() throws Exception {
            long id;
            try {
                id = Long.parseUnsignedLong(member, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("error parsing member ID: \"" + member + "\" is not hexadecimal");
            }
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                var replies = api.machine().etcdRemoveMemberByID(EtcdRemoveMemberByIDRequest.newBuilder()
                        .setMemberId(id).build());
                return NodeReplies.of(api, replies.getMessagesList(), spec.commandLine().getErr()).exitCode();
            }
        }
    }

    @Command(name = "defrag", description = {"Defragment etcd database on the node.",
            "Defragmentation is a maintenance operation that releases unused space from the etcd database file. "
                    + "Defragmentation is a resource heavy operation and should be performed only when necessary "
                    + "on a single node at a time."})
    static final class Defrag implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = ReadCommand.openOne(spec, "etcd defrag")) {
                var replies = api.machine().etcdDefragment(Empty.getDefaultInstance());
                return NodeReplies.of(api, replies.getMessagesList(), spec.commandLine().getErr()).exitCode();
            }
        }
    }

    @Command(name = "alarm", description = "Manage etcd alarms.",
            subcommands = {AlarmList.class, AlarmDisarm.class})
    static final class Alarm {
    }

    @Command(name = "list", description = "List the etcd alarms for the node.")
    static final class AlarmList implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                return printAlarms(spec, api, api.machine().etcdAlarmList(Empty.getDefaultInstance())
                        .getMessagesList(), EtcdAlarm::getMemberAlarmsList);
            }
        }
    }

    @Command(name = "disarm", description = "Disarm the etcd alarms for the node.")
    static final class AlarmDisarm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                return printAlarms(spec, api, api.machine().etcdAlarmDisarm(Empty.getDefaultInstance())
                        .getMessagesList(), EtcdAlarmDisarm::getMemberAlarmsList);
            }
        }
    }

    /** NODE MEMBER ALARM, a row an alarm; as talosctl, the table only when there is an alarm to show. */
    private static <M extends Message> int printAlarms(CommandSpec spec, ApiSession api, List<M> replies,
            Function<M, List<EtcdMemberAlarm>> alarmsOf) {
        NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
        Table table = new Table("NODE", "MEMBER", "ALARM");
        int alarms = 0;
        for (M reply : replies) {
            if (!errors.reported(reply)) {
                for (EtcdMemberAlarm alarm : alarmsOf.apply(reply)) {
                    table.row(api.nodeOf(reply), memberId(alarm.getMemberId()), alarm.getAlarm().name());
                    alarms++;
                }
            }
        }
        if (alarms > 0) {
            table.print(spec.commandLine().getOut());
        }
        return errors.exitCode();
    }
}
