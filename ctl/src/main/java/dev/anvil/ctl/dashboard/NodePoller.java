package dev.anvil.ctl.dashboard;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.anvil.api.machine.CPUStat;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdMemberStatus;
import dev.anvil.api.machine.EtcdMembers;
import dev.anvil.api.machine.EtcdStatus;
import dev.anvil.api.machine.LoadAvg;
import dev.anvil.api.machine.MachineServiceGrpc.MachineServiceBlockingStub;
import dev.anvil.api.machine.MemInfo;
import dev.anvil.api.machine.ServiceEvent;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.api.machine.SystemStat;
import dev.anvil.cosi.state.State;
import dev.anvil.ctl.Failures;
import dev.anvil.ctl.ServiceCommand;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.cluster.ClusterResources;
import dev.anvil.machinery.resources.cluster.Member;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Asks one node, through the session's endpoint, for everything the dashboard shows of it: Hostname, Version,
 * SystemStat (uptime and, against the previous poll, the CPU share), Memory, LoadAvg, ServiceList, its
 * MachineStatus, NodeAddress and AddressStatus resources, the members it lists, and on a node that runs etcd,
 * EtcdStatus and EtcdMemberList. Each call has a deadline, so a node that hangs fails its poll rather than the
 * dashboard. Used by one thread at a time.
 */
final class NodePoller {
    private static final ResourceTypes TYPES = ClusterResources.register(NetworkResources.register(
            RuntimeResources.register(ResourceTypes.none())));

    private final ApiSession api;
    private final String node;
    private final Duration timeout;
    private CPUStat previousCpu;

    NodePoller(ApiSession api, String node, Duration timeout) {
        this.api = api;
        this.node = node;
        this.timeout = timeout;
    }

    /** One poll; a failure of the node's machine API as a whole is thrown, a failure of a part is kept in it. */
    NodeInfo poll(Instant now) {
        MachineServiceBlockingStub machine = api.machineFor(node).withDeadlineAfter(timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        String hostname = answer(machine.hostname(Empty.getDefaultInstance()).getMessagesList()).getHostname();
        String version = answer(machine.version(Empty.getDefaultInstance()).getMessagesList()).getVersion().getTag();
        SystemStat stat = answer(machine.systemStat(Empty.getDefaultInstance()).getMessagesList());
        Double cpu = previousCpu == null ? null : CpuShare.percent(previousCpu, stat.getCpuTotal());
        previousCpu = stat.getCpuTotal();
        Duration uptime = stat.getBootTime() == 0 ? null
                : Duration.between(Instant.ofEpochSecond(stat.getBootTime()), now);
        MemInfo mem = answer(machine.memory(Empty.getDefaultInstance()).getMessagesList()).getMeminfo();
        NodeInfo.Memory memory = new NodeInfo.Memory(mem.getMemtotal() - mem.getMemfree() - mem.getCached()
                - mem.getBuffers(), mem.getMemtotal());
        LoadAvg avg = answer(machine.loadAvg(Empty.getDefaultInstance()).getMessagesList());
        List<NodeInfo.Service> services = services(answer(machine.serviceList(Empty.getDefaultInstance())
                .getMessagesList()));

        State state = api.state(node, TYPES, timeout);
        MachineStatus status = state.get(MachineStatus.POINTER).as(MachineStatus.class).spec();
        List<String> addresses = state.get(NodeAddress.KIND.pointer(NodeAddress.CURRENT_ID)).as(NodeAddress.class)
                .spec().addresses().stream().map(Object::toString).toList();
        List<NodeInfo.LinkAddress> links = state.list(AddressStatus.KIND).stream().map(r -> {
            AddressStatus a = r.as(AddressStatus.class).spec();
            return new NodeInfo.LinkAddress(a.linkName(), a.address().toString(), lower(a.family()), lower(a.scope()));
        }).toList();
        boolean runsEtcd = services.stream().anyMatch(s -> s.id().equals("etcd"));
        ClusterInfo cluster = new ClusterInfo(List.of(), null, runsEtcd ? etcd(machine) : null);
        try {
            cluster = new ClusterInfo(state.list(Member.KIND).stream().map(r -> {
                Member m = r.as(Member.class).spec();
                return new ClusterInfo.Member(m.hostname(), lower(m.machineType()),
                        m.addresses().stream().map(Object::toString).toList());
            }).toList(), null, cluster.etcd());
        } catch (RuntimeException e) {
            cluster = new ClusterInfo(List.of(), Failures.describe(e), cluster.etcd());
        }
        return new NodeInfo(hostname, version, lower(status.stage()), uptime, cpu, memory,
                new NodeInfo.Load(avg.getLoad1(), avg.getLoad5(), avg.getLoad15()), services, addresses, links,
                cluster);
    }

    private static ClusterInfo.Etcd etcd(MachineServiceBlockingStub machine) {
        try {
            EtcdMemberStatus status = answer(machine.etcdStatus(Empty.getDefaultInstance()).getMessagesList())
                    .getMemberStatus();
            EtcdMembers members = answer(machine.etcdMemberList(EtcdMemberListRequest.getDefaultInstance())
                    .getMessagesList());
            return new ClusterInfo.Etcd(hex(status.getMemberId()), hex(status.getLeader()), status.getErrorsList(),
                    members.getMembersList().stream().map(m -> m.getHostname() + (m.getIsLearner() ? " (learner)"
                            : "")).toList(), null);
        } catch (RuntimeException e) {
            return ClusterInfo.Etcd.failed(Failures.describe(e));
        }
    }

    private static List<NodeInfo.Service> services(ServiceList list) {
        List<NodeInfo.Service> services = new ArrayList<>();
        for (ServiceInfo s : list.getServicesList()) {
            List<ServiceEvent> events = s.getEvents().getEventsList();
            services.add(new NodeInfo.Service(s.getId(), s.getState(), ServiceCommand.health(s),
                    events.isEmpty() ? "" : events.getLast().getMsg()));
        }
        return services;
    }

    /** The one reply of a call to one node; an error the node sent in its place is thrown. */
    private static <M extends Message> M answer(List<M> replies) {
        if (replies.isEmpty()) {
            throw new IllegalStateException("the node sent no reply");
        }
        String error = ApiSession.errorOf(replies.getFirst());
        if (!error.isEmpty()) {
            throw new IllegalStateException(error);
        }
        return replies.getFirst();
    }

    private static String hex(long id) {
        return id == 0 ? "" : Long.toHexString(id);
    }

    private static String lower(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
