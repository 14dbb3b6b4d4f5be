package dev.anvil.machined.server;

import dev.anvil.api.machine.ConnectRecord;
import dev.anvil.api.machine.Netstat;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.machine.NetstatRequest;
import dev.anvil.api.machine.NetstatResponse;
import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machined.procfs.Procfs;
import dev.anvil.machined.procfs.SocketEntry;
import dev.anvil.machinery.resources.network.NetIp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Netstat RPC as Talos answers it: the socket tables of /proc/net asked for, in Talos's order (tcp, tcp6, udp,
 * udp6, udplite, udplite6, raw, raw6), filtered to all, the listening (no remote address and port) or the connected
 * ones, with the process that holds each when asked. Only the node's own network namespace is read, and only when
 * the request asks for the host network (talosctl always does): a node without Kubernetes has no pod namespaces. A
 * table the kernel does not have (udplite without its module) is skipped.
 */
final class Netstats {
    private Netstats() {
    }

    /** Answers with one Netstat message; an unknown filter is INVALID_ARGUMENT, an unreadable table INTERNAL. */
    static void serve(NetstatRequest request, Procfs procfs, Metadata node, StreamObserver<NetstatResponse> response) {
        Predicate<SocketEntry> accepted = switch (request.getFilter()) {
            case ALL -> s -> true;
            case LISTENING -> SocketEntry::listening;
            case CONNECTED -> s -> !s.listening() && s.remotePort() != 0;
            case UNRECOGNIZED -> null;
        };
        if (accepted == null) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("invalid filter: " + request.getFilterValue())
                    .asRuntimeException());
            return;
        }
        Netstat reply;
        try {
            reply = read(request, procfs, accepted).setMetadata(node).build();
        } catch (IOException | RuntimeException e) {
            response.onError(Status.INTERNAL.withDescription("reading the node's /proc/net: " + e.getMessage())
                    .withCause(e).asRuntimeException());
            return;
        }
        response.onNext(NetstatResponse.newBuilder().addMessages(reply).build());
        response.onCompleted();
    }

    private static Netstat.Builder read(NetstatRequest request, Procfs procfs, Predicate<SocketEntry> accepted)
            throws IOException {
        Netstat.Builder reply = Netstat.newBuilder();
        if (!request.getNetns().getHostnetwork()) {
            return reply;
        }
        NetstatRequest.L4proto l4 = request.getL4Proto();
        Map<String, Boolean> tables = new LinkedHashMap<>();
        tables.put("tcp", l4.getTcp());
        tables.put("tcp6", l4.getTcp6());
        tables.put("udp", l4.getUdp());
        tables.put("udp6", l4.getUdp6());
        tables.put("udplite", l4.getUdplite());
        tables.put("udplite6", l4.getUdplite6());
        tables.put("raw", l4.getRaw());
        tables.put("raw6", l4.getRaw6());
        Map<Long, SocketEntry.Owner> owners = request.getFeature().getPid() ? procfs.socketOwners() : Map.of();
        for (var table : tables.entrySet()) {
            if (!table.getValue()) {
                continue;
            }
            try {
                for (SocketEntry s : procfs.sockets(table.getKey())) {
                    if (accepted.test(s)) {
                        reply.addConnectrecord(record(s, owners.get(s.inode())));
                    }
                }
            } catch (NoSuchFileException e) {
                // this kernel has no such table
            }
        }
        return reply;
    }

    private static ConnectRecord record(SocketEntry s, SocketEntry.Owner owner) {
        var process = ConnectRecord.Process.newBuilder();
        if (owner != null) {
            process.setPid(owner.pid()).setName(owner.name());
        }
        return ConnectRecord.newBuilder().setL4Proto(s.transport())
                .setLocalip(new NetIp(Bytes.of(s.localAddress())).toString()).setLocalport(s.localPort())
                .setRemoteip(new NetIp(Bytes.of(s.remoteAddress())).toString()).setRemoteport(s.remotePort())
                .setStateValue(s.state()).setTxqueue(s.txQueue()).setRxqueue(s.rxQueue())
                .setTrValue(s.timerActive()).setTimerwhen(s.timerWhen()).setRetrnsmt(s.retransmits())
                .setUid(s.uid()).setTimeout(s.timeout()).setInode(s.inode()).setRef(s.references())
                .setPointer(s.pointer()).setProcess(process).build();
    }
}
