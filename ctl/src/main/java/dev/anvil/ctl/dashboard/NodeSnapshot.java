package dev.anvil.ctl.dashboard;

import java.time.Instant;

/**
 * The dashboard's latest word on one node: what the last poll that succeeded found ({@code info}, null before the
 * first), and the error of the last poll when it failed (null when it succeeded), so an unreachable node still shows
 * what it last said, and since when it has not answered.
 */
public record NodeSnapshot(String node, NodeInfo info, Instant seen, String error, Instant failedAt) {

    public static NodeSnapshot waiting(String node) {
        return new NodeSnapshot(node, null, null, null, null);
    }

    public NodeSnapshot answered(NodeInfo fresh, Instant at) {
        return new NodeSnapshot(node, fresh, at, null, null);
    }

    /** A failed poll; {@code failedAt} stays the first failure's time while the node keeps failing. */
    public NodeSnapshot failed(String why, Instant at) {
        return new NodeSnapshot(node, info, seen, why, error == null ? at : failedAt);
    }

    public boolean reachable() {
        return error == null;
    }
}
