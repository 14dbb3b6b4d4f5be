package dev.anvil.ctl.health;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.EtcdMember;
import dev.anvil.api.machine.EtcdMemberListRequest;
import dev.anvil.api.machine.EtcdMemberStatus;
import dev.anvil.api.machine.EtcdMembers;
import dev.anvil.api.machine.EtcdStatus;
import dev.anvil.ctl.api.ApiSession;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * talosctl's etcd checks, asked of every control plane: its etcd answers with a leader and no errors; every
 * control plane lists the same members, one a control plane, none of them a learner left unpromoted.
 */
final class EtcdChecks {
    private EtcdChecks() {
    }

    static HealthCheck healthy() {
        return controlPlanes("etcd to be healthy", (api, node) -> {
            List<String> problems = new ArrayList<>();
            for (EtcdStatus reply : NodeChecks.machine(api, node).etcdStatus(Empty.getDefaultInstance())
                    .getMessagesList()) {
                String error = ApiSession.errorOf(reply);
                EtcdMemberStatus status = reply.getMemberStatus();
                if (!error.isEmpty()) {
                    problems.add(node + ": " + error);
                } else if (!status.getErrorsList().isEmpty()) {
                    problems.add(node + ": etcd reports " + status.getErrorsList());
                } else if (status.getLeader() == 0) {
                    problems.add(node + ": etcd has no leader");
                }
            }
            return problems;
        });
    }

    static HealthCheck consistent() {
        return new HealthCheck() {
            @Override
            public String description() {
                return "etcd members to be consistent across nodes";
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) {
                Map<String, Set<String>> seen = new HashMap<>();
                List<String> problems = new ArrayList<>();
                for (String node : nodes.controlPlanes()) {
                    try {
                        seen.put(node, members(api, node).stream()
                                .map(m -> m.getHostname() + (m.getIsLearner() ? " (learner)" : ""))
                                .collect(Collectors.toCollection(TreeSet::new)));
                    } catch (StatusRuntimeException e) {
                        problems.add(node + ": " + NodeChecks.describe(e));
                    } catch (IllegalStateException e) {
                        problems.add(node + ": " + e.getMessage());
                    }
                }
                if (!problems.isEmpty()) {
                    return problems;
                }
                Set<String> first = seen.get(nodes.controlPlanes().getFirst());
                for (var entry : seen.entrySet()) {
                    if (!entry.getValue().equals(first)) {
                        problems.add(entry.getKey() + ": lists etcd members " + entry.getValue() + ", "
                                + nodes.controlPlanes().getFirst() + " lists " + first);
                    }
                }
                if (problems.isEmpty() && first.size() != nodes.controlPlanes().size()) {
                    problems.add(nodes.controlPlanes().getFirst() + ": " + first.size() + " etcd members " + first
                            + " for " + nodes.controlPlanes().size() + " control planes");
                }
                if (problems.isEmpty()) {
                    first.stream().filter(m -> m.endsWith("(learner)")).forEach(m -> problems.add(
                            nodes.controlPlanes().getFirst() + ": " + m + " is not promoted"));
                }
                return problems;
            }
        };
    }

    private static List<EtcdMember> members(ApiSession api, String node) {
        List<EtcdMember> all = new ArrayList<>();
        for (EtcdMembers reply : NodeChecks.machine(api, node).etcdMemberList(EtcdMemberListRequest
                .getDefaultInstance()).getMessagesList()) {
            String error = ApiSession.errorOf(reply);
            if (!error.isEmpty()) {
                throw new IllegalStateException(error);
            }
            all.addAll(reply.getMembersList());
        }
        return all;
    }

    /** A check asked of each control plane, not of the workers, which run no etcd. */
    private static HealthCheck controlPlanes(String description,
            BiFunction<ApiSession, String, List<String>> perNode) {
        HealthCheck each = NodeChecks.check(description, perNode);
        return new HealthCheck() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) throws Exception {
                return each.problems(api, new ClusterNodes(nodes.controlPlanes(), List.of()));
            }
        };
    }
}
