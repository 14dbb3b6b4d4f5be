package dev.anvil.ctl.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the dashboard shows, apart from how: the nodes in their order, each node's latest snapshot and log tail,
 * which node and screen are chosen. Pollers write snapshots from their own threads; keys and {@link #frame()} come
 * from the screen's thread. A frame is an immutable copy, so rendering never sees a half-made update.
 */
final class DashboardModel {
    static final int LOG_LINES = 200;

    private final List<String> nodes;
    private final Duration interval;
    private final Map<String, NodeSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, LogTail> logs = new ConcurrentHashMap<>();
    private int selected;
    private Screen screen = Screen.SUMMARY;

    DashboardModel(List<String> nodes, Duration interval) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the dashboard needs at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.interval = interval;
        for (String node : nodes) {
            snapshots.put(node, NodeSnapshot.waiting(node));
            logs.put(node, new LogTail(LOG_LINES));
        }
    }

    List<String> nodes() {
        return nodes;
    }

    void update(NodeSnapshot snapshot) {
        snapshots.put(snapshot.node(), snapshot);
    }

    NodeSnapshot snapshot(String node) {
        return snapshots.get(node);
    }

    LogTail log(String node) {
        return logs.get(node);
    }

    /** Applies a key; false when it asks to quit. */
    synchronized boolean handle(Key key) {
        switch (key) {
            case Key.Quit q -> {
                return false;
            }
            case Key.Previous p -> selected = (selected + nodes.size() - 1) % nodes.size();
            case Key.Next n -> selected = (selected + 1) % nodes.size();
            case Key.Node n -> {
                if (n.number() <= nodes.size()) {
                    selected = n.number() - 1;
                }
            }
            case Key.Show s -> screen = s.screen();
            case Key.Other o -> {
            }
        }
        return true;
    }

    /** Everything a screen is drawn from, as it is now. */
    synchronized Frame frame() {
        Map<String, NodeSnapshot> copy = new LinkedHashMap<>();
        Map<String, List<String>> lines = new LinkedHashMap<>();
        Map<String, String> logErrors = new LinkedHashMap<>();
        for (String node : nodes) {
            copy.put(node, snapshots.get(node));
            lines.put(node, logs.get(node).lines());
            String error = logs.get(node).error();
            if (error != null) {
                logErrors.put(node, error);
            }
        }
        return new Frame(nodes, selected, screen, interval, copy, lines, logErrors);
    }

    /** An immutable view of the model for one drawing. */
    record Frame(List<String> nodes, int selected, Screen screen, Duration interval,
                 Map<String, NodeSnapshot> snapshots, Map<String, List<String>> logs,
                 Map<String, String> logErrors) {
        Frame {
            nodes = List.copyOf(nodes);
            snapshots = Map.copyOf(snapshots);
            logs = Map.copyOf(logs);
            logErrors = Map.copyOf(logErrors);
        }

        String selectedNode() {
            return nodes.get(selected);
        }

        NodeSnapshot current() {
            return snapshots.get(selectedNode());
        }
    }
}
