package dev.anvil.ctl.dashboard;

import java.util.List;

/**
 * The cluster as one node sees it: the members it lists, and on a control plane its etcd (null on a worker, which
 * runs none). A part the node could not give carries its error instead.
 */
public record ClusterInfo(List<Member> members, String membersError, Etcd etcd) {
    public ClusterInfo {
        members = List.copyOf(members);
    }

    public record Member(String hostname, String machineType, List<String> addresses) {
        public Member {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * This node's etcd: its member ID and the leader's (hex, as talosctl prints them; leader empty when there is
     * none), the errors it reports, and the members it lists; {@code error} when it could not be asked.
     */
    public record Etcd(String memberId, String leader, List<String> errors, List<String> members, String error) {
        public Etcd {
            errors = List.copyOf(errors);
            members = List.copyOf(members);
        }

        static Etcd failed(String error) {
            return new Etcd("", "", List.of(), List.of(), error);
        }

        public boolean healthy() {
            return error == null && errors.isEmpty() && !leader.isEmpty();
        }
    }
}
