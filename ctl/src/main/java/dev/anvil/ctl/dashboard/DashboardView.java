package dev.anvil.ctl.dashboard;

import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link DashboardModel.Frame} as plain lines of text, exactly {@code height} lines each exactly
 * {@code width} characters: the node tabs on top, the chosen screen, the help line at the bottom. No terminal here,
 * so what a screen says is tested as text.
 */
final class DashboardView {
    private DashboardView() {
    }

    static List<String> render(DashboardModel.Frame frame, int width, int height, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(tabs(frame));
        NodeSnapshot current = frame.current();
        lines.add(rule("[" + frame.screen().key() + " " + frame.screen().title() + "] " + name(current)
                + " (" + current.node() + ")", width));
        lines.add(status(current, now));
        List<String> body = switch (frame.screen()) {
            case SUMMARY -> summary(frame, current, width, Math.max(0, height - 4));
            case MONITOR -> monitor(frame, now);
            case NETWORK -> network(current);
            case CLUSTER -> cluster(current);
        };
        int room = Math.max(0, height - 4);
        lines.addAll(body.size() > room ? body.subList(0, room) : body);
        while (lines.size() < height - 1) {
            lines.add("");
        }
        lines.add(help(frame));
        return lines.subList(0, Math.max(0, height)).stream().map(l -> fit(l, width)).toList();
    }

    private static String tabs(DashboardModel.Frame frame) {
        StringBuilder line = new StringBuilder("anvil");
        for (int i = 0; i < frame.nodes().size(); i++) {
            NodeSnapshot s = frame.snapshots().get(frame.nodes().get(i));
            String tab = (i + 1) + " " + name(s) + (s.reachable() ? "" : " !");
            line.append(i == frame.selected() ? "  [" + tab + "]" : "   " + tab + " ");
        }
        return line.toString();
    }

    private static String status(NodeSnapshot s, Instant now) {
        if (!s.reachable()) {
            return "UNREACHABLE: " + s.error() + " (for " + ago(s.failedAt(), now)
                    + (s.seen() == null ? "; never answered)" : "; last answer " + ago(s.seen(), now) + " ago)");
        }
        if (s.info() == null) {
            return "connecting...";
        }
        return "OK, updated " + ago(s.seen(), now) + " ago";
    }

    private static List<String> summary(DashboardModel.Frame frame, NodeSnapshot s, int width, int room) {
        List<String> lines = new ArrayList<>();
        NodeInfo info = s.info();
        if (info != null) {
            Table facts = new Table("Host", info.hostname(), "Version", info.version());
            facts.row("Node", s.node(), "Stage", info.stage());
            facts.row("Uptime", info.uptime() == null ? "?" : GoTime.formatDuration(info.uptime()
                    .withNanos(0)), "CPU", info.cpuPercent() == null ? "..." : percent(info.cpuPercent()));
            facts.row("Memory", memory(info.memory()), "Load", load(info.load()));
            lines.addAll(facts.lines());
            lines.add("Addresses   " + String.join(", ", info.addresses()));
            lines.add("");
            if (info.services().isEmpty()) {
                lines.add("no services run on this node");
            } else {
                Table services = new Table("SERVICE", "STATE", "HEALTH", "LAST EVENT");
                info.services().forEach(v -> services.row(v.id(), v.state(), v.health(), v.lastEvent()));
                lines.addAll(services.lines());
            }
        }
        lines.add(rule("machined log", width));
        String error = frame.logErrors().get(s.node());
        if (error != null) {
            lines.add("log: " + error);
        }
        List<String> log = frame.logs().get(s.node());
        int fits = Math.max(0, room - lines.size());
        lines.addAll(log.subList(Math.max(0, log.size() - fits), log.size()));
        return lines;
    }

    private static List<String> monitor(DashboardModel.Frame frame, Instant now) {
        Table table = new Table("#", "NODE", "HOSTNAME", "STATUS", "CPU", "MEMORY", "LOAD", "UPTIME", "SERVICES");
        for (int i = 0; i < frame.nodes().size(); i++) {
            NodeSnapshot s = frame.snapshots().get(frame.nodes().get(i));
            NodeInfo info = s.info();
            String status = s.reachable() ? (info == null ? "connecting" : "ok") : "unreachable";
            if (info == null) {
                table.row(i + 1, s.node(), "", status, "", "", "", "", "");
            } else {
                table.row(i + 1, s.node(), info.hostname(), status,
                        info.cpuPercent() == null ? "..." : percent(info.cpuPercent()), memory(info.memory()),
                        load(info.load()), info.uptime() == null ? "?" : GoTime.formatDuration(
                                info.uptime().withNanos(0)), info.servicesUp() + "/" + info.services().size());
            }
        }
        return table.lines();
    }

    private static List<String> network(NodeSnapshot s) {
        List<String> lines = new ArrayList<>();
        if (s.info() == null) {
            return lines;
        }
        lines.add("Node addresses (current): " + String.join(", ", s.info().addresses()));
        lines.add("");
        Table table = new Table("LINK", "ADDRESS", "FAMILY", "SCOPE");
        s.info().linkAddresses().forEach(a -> table.row(a.link(), a.address(), a.family(), a.scope()));
        lines.addAll(table.lines());
        return lines;
    }

    private static List<String> cluster(NodeSnapshot s) {
        List<String> lines = new ArrayList<>();
        if (s.info() == null) {
            return lines;
        }
        ClusterInfo cluster = s.info().cluster();
        if (cluster.membersError() != null) {
            lines.add("members: " + cluster.membersError());
        } else {
            Table members = new Table("MEMBER", "TYPE", "ADDRESSES");
            cluster.members().forEach(m -> members.row(m.hostname(), m.machineType(), String.join(", ",
                    m.addresses())));
            lines.addAll(members.lines());
        }
        lines.add("");
        ClusterInfo.Etcd etcd = cluster.etcd();
        if (etcd == null) {
            lines.add("etcd: not run on this node");
        } else if (etcd.error() != null) {
            lines.add("etcd: " + etcd.error());
        } else {
            lines.add("etcd: " + (etcd.healthy() ? "healthy" : "unhealthy") + ", member " + etcd.memberId()
                    + ", leader " + (etcd.leader().isEmpty() ? "none" : etcd.leader())
                    + (etcd.errors().isEmpty() ? "" : ", errors " + etcd.errors()));
            lines.add("etcd members: " + String.join(", ", etcd.members()));
        }
        return lines;
    }

    private static String help(DashboardModel.Frame frame) {
        StringBuilder line = new StringBuilder();
        for (Screen screen : Screen.values()) {
            line.append(screen.key()).append(' ').append(screen.title()).append("  ");
        }
        return line.append("<-/-> or 1-9 node  q quit  (every ")
                .append(GoTime.formatDuration(frame.interval())).append(')').toString();
    }

    private static String name(NodeSnapshot s) {
        return s.info() == null ? s.node() : s.info().hostname();
    }

    private static String memory(NodeInfo.Memory m) {
        return m.usedKiB() / 1024 + " MiB / " + m.totalKiB() / 1024 + " MiB (" + m.percent() + "%)";
    }

    private static String load(NodeInfo.Load l) {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", l.load1(), l.load5(), l.load15());
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    private static String ago(Instant then, Instant now) {
        return GoTime.formatDuration(Duration.between(then, now).withNanos(0));
    }

    private static String rule(String title, int width) {
        String head = "-- " + title + " ";
        return head + "-".repeat(Math.max(0, width - head.length()));
    }

    /** Cut or padded to exactly {@code width}; control characters a node's log may hold are shown as '?'. */
    private static String fit(String line, int width) {
        StringBuilder fitted = new StringBuilder(width);
        for (int i = 0; i < line.length() && fitted.length() < width; i++) {
            char c = line.charAt(i);
            fitted.append(Character.isISOControl(c) ? '?' : c);
        }
        return fitted.repeat(' ', width - fitted.length()).toString();
    }
}
