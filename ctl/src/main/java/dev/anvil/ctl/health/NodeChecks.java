package dev.anvil.ctl.health;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.cluster.ClusterResources;
import dev.anvil.machinery.resources.cluster.Member;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The checks of the nodes themselves (no etcd, no Kubernetes): each node's API answers, each has finished booting
 * (stage running, ready), each node's services are running and healthy, and every node lists the same members, the
 * nodes expected. Every call goes through the endpoint to one node at a time.
 */
final class NodeChecks {
    static final ResourceTypes TYPES = ClusterResources.register(RuntimeResources.register(ResourceTypes.none()));

    private NodeChecks() {
    }

    static HealthCheck apid() {
        return check("apid to be ready", (api, node) -> {
            machine(api, node).version(Empty.getDefaultInstance());
            return List.of();
        });
    }

    static HealthCheck booted() {
        return check("all nodes to finish boot sequence", (api, node) -> {
            MachineStatus status = api.state(node, TYPES).get(MachineStatus.POINTER).as(MachineStatus.class).spec();
            if (status.stage() != MachineStatus.Stage.RUNNING) {
                return List.of(node + ": stage " + status.stage().name().toLowerCase());
            }
            if (!status.status().ready()) {
                return List.of(node + ": not ready: " + status.status().unmetConditions().stream()
                        .map(c -> c.name() + " (" + c.reason() + ")").toList());
            }
            return List.of();
        });
    }

    static HealthCheck services() {
        return check("all services to be healthy", (api, node) -> {
            List<String> problems = new ArrayList<>();
            for (ServiceList list : machine(api, node).serviceList(Empty.getDefaultInstance()).getMessagesList()) {
                for (ServiceInfo service : list.getServicesList()) {
                    if (service.getState().equals("Skipped")) {
                        continue;  // it does not apply to the node; the kubelet check reports a skipped kubelet
                    }
                    if (!service.getState().equals("Running")) {
                        // the last event says why: a kubelet without its binary is skipped, and says where it looked
                        List<dev.anvil.api.machine.ServiceEvent> events = service.getEvents().getEventsList();
                        String why = events.isEmpty() ? "" : ": " + events.getLast().getMsg();
                        problems.add(node + ": service " + service.getId() + " is " + service.getState() + why);
                    } else if (!service.getHealth().getUnknown() && !service.getHealth().getHealthy()) {
                        problems.add(node + ": service " + service.getId() + " is not healthy: "
                                + service.getHealth().getLastMessage());
                    }
                }
            }
            return problems;
        });
    }

    /**
     * The kubelet of every node running, and healthy once checked. A kubelet the node skips because it has no
     * binary (none is obtainable here) makes the check skipped, naming the nodes and where they looked.
     */
    static HealthCheck kubelet() {
        return new HealthCheck() {
            @Override
            public String description() {
                return "kubelet to be running";
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) throws NotApplicable {
                List<String> problems = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                for (String node : nodes.all()) {
                    try {
                        ServiceInfo kubelet = null;
                        for (ServiceList list : machine(api, node).serviceList(Empty.getDefaultInstance())
                                .getMessagesList()) {
                            for (ServiceInfo service : list.getServicesList()) {
                                if (service.getId().equals("kubelet")) {
                                    kubelet = service;
                                }
                            }
                        }
                        List<dev.anvil.api.machine.ServiceEvent> events = kubelet == null ? List.of()
                                : kubelet.getEvents().getEventsList();
                        String last = events.isEmpty() ? "" : events.getLast().getMsg();
                        if (kubelet == null) {
                            problems.add(node + ": no kubelet service");
                        } else if (kubelet.getState().equals("Skipped")) {
                            skipped.add(node + ": " + last);
                        } else if (!kubelet.getState().equals("Running")) {
                            problems.add(node + ": kubelet is " + kubelet.getState() + ": " + last);
                        } else if (!kubelet.getHealth().getUnknown() && !kubelet.getHealth().getHealthy()) {
                            problems.add(node + ": kubelet is not healthy: " + kubelet.getHealth().getLastMessage());
                        }
                    } catch (StatusRuntimeException e) {
                        problems.add(node + ": " + describe(e));
                    }
                }
                if (problems.isEmpty() && !skipped.isEmpty()) {
                    throw new NotApplicable(String.join("; ", skipped));
                }
                return problems;
            }
        };
    }

    static HealthCheck members() {
        return new HealthCheck() {
            @Override
            public String description() {
                return "all nodes to list the same members";
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) {
                Set<String> expected = new TreeSet<>(nodes.all());
                List<String> problems = new ArrayList<>();
                for (String node : nodes.all()) {
                    try {
                        Set<String> listed = new TreeSet<>();
                        api.state(node, TYPES).list(Member.KIND).forEach(r -> r.as(Member.class).spec().addresses()
                                .forEach(a -> listed.add(a.toString())));
                        Set<String> missing = new TreeSet<>(expected);
                        missing.removeAll(listed);
                        if (!missing.isEmpty()) {
                            problems.add(node + ": lists no member for " + missing);
                        }
                    } catch (StatusRuntimeException e) {
                        problems.add(node + ": " + describe(e));
                    }
                }
                return problems;
            }
        };
    }

    /** A check made node by node; a node that cannot be asked is a problem named after it. */
    static HealthCheck check(String description, BiFunction<ApiSession, String, List<String>> perNode) {
        return new HealthCheck() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) {
                List<String> problems = new ArrayList<>();
                for (String node : nodes.all()) {
                    try {
                        problems.addAll(perNode.apply(api, node));
                    } catch (StatusRuntimeException e) {
                        problems.add(node + ": " + describe(e));
                    } catch (RuntimeException e) {
                        problems.add(node + ": " + e.getMessage());
                    }
                }
                return problems;
            }
        };
    }

    static MachineServiceGrpc.MachineServiceBlockingStub machine(ApiSession api, String node) {
        return api.machineFor(node).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** A failed call as a person reads it: a node that does not answer, or cannot be reached, says so first. */
    static String describe(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case DEADLINE_EXCEEDED -> "not answering (no reply within 10 s)";
            case UNAVAILABLE -> "unreachable" + (description == null ? "" : ": " + description);
            default -> e.getStatus().getCode().name().toLowerCase() + (description == null ? "" : ": " + description);
        };
    }
}
