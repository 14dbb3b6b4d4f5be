package dev.anvil.ctl;

import dev.anvil.api.machine.ConnectRecord;
import dev.anvil.api.machine.Netstat;
import dev.anvil.api.machine.NetstatRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl netstat: the nodes' sockets, as talosctl prints them (connected ones unless -a or -l; TCP and UDP unless
 * a transport is named). A node without Kubernetes has no pod network namespaces, so {@code -k} adds a Pod column
 * of "-" only.
 */
@Command(name = "netstat", aliases = "ss", description = "Show network connections and sockets.")
final class NetstatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Display sockets of all supported transport protocols.")
    boolean verbose;
    @Option(names = {"-x", "--extend"}, description = "Show detailed socket information.")
    boolean extend;
    @Option(names = {"-p", "--programs"}, description = "Show process using socket.")
    boolean programs;
    @Option(names = {"-o", "--timers"}, description = "Display timers.")
    boolean timers;
    @Option(names = {"-l", "--listening"}, description = "Display listening server sockets.")
    boolean listening;
    @Option(names = {"-a", "--all"}, description = "Display all sockets states (default: connected).")
    boolean all;
    @Option(names = {"-k", "--pods"}, description = "Show sockets used by Kubernetes pods.")
    boolean pods;
    @Option(names = {"-t", "--tcp"}, description = "Display only TCP sockets.")
    boolean tcp;
    @Option(names = {"-u", "--udp"}, description = "Display only UDP sockets.")
    boolean udp;
    @Option(names = {"-U", "--udplite"}, description = "Display only UDPLite sockets.")
    boolean udplite;
    @Option(names = {"-w", "--raw"}, description = "Display only RAW sockets.")
    boolean raw;
    @Option(names = {"-4", "--ipv4"}, description = "Display only ipv4 sockets.")
    boolean ipv4;
    @Option(names = {"-6", "--ipv6"}, description = "Display only ipv6 sockets.")
    boolean ipv6;

    @Override
    public Integer call() throws Exception {
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            var replies = NodeReplies.of(api, api.machine().netstat(request()).getMessagesList(),
                    spec.commandLine().getErr());
            Table table = null;
            for (Netstat node : replies.answered()) {
                for (ConnectRecord r : node.getConnectrecordList()) {
                    if (table == null) {
                        table = new Table(headers());
                    }
                    table.row(row(api.nodeOf(node), r));
                }
            }
            if (table != null) {
                table.print(spec.commandLine().getOut());
            }
            return replies.exitCode();
        }
    }

    /** talosctl's request for these flags: TCP and UDP of both families unless transports or a family are named. */
    NetstatRequest request() {
        boolean any = verbose || tcp || udp || udplite || raw;
        boolean all4 = verbose || !any;
        var l4 = NetstatRequest.L4proto.newBuilder()
                .setTcp(all4 || tcp).setTcp6(all4 || tcp).setUdp(all4 || udp).setUdp6(all4 || udp)
                .setUdplite(verbose || udplite).setUdplite6(verbose || udplite)
                .setRaw(verbose || raw).setRaw6(verbose || raw);
        if (ipv4 && !ipv6) {
            l4.setTcp6(false).setUdp6(false).setUdplite6(false).setRaw6(false);
        }
        if (ipv6 && !ipv4) {
            l4.setTcp(false).setUdp(false).setUdplite(false).setRaw(false);
        }
        NetstatRequest.Filter filter = all ? NetstatRequest.Filter.ALL
                : listening ? NetstatRequest.Filter.LISTENING : NetstatRequest.Filter.CONNECTED;
        return NetstatRequest.newBuilder().setFilter(filter)
                .setFeature(NetstatRequest.Feature.newBuilder().setPid(programs)).setL4Proto(l4)
                .setNetns(NetstatRequest.NetNS.newBuilder().setHostnetwork(true).setAllnetns(pods)).build();
    }

    private List<String> headers() {
        List<String> headers = new ArrayList<>(List.of("NODE", "Proto", "Recv-Q", "Send-Q", "Local Address",
                "Foreign Address", "State"));
        if (extend) {
            headers.addAll(List.of("Uid", "Inode"));
        }
        if (programs) {
            headers.add("PID/Program name");
        }
        if (pods) {
            headers.add("Pod");
        }
        if (timers) {
            headers.add("Timer");
        }
        return headers;
    }

    private List<String> row(String node, ConnectRecord r) {
        List<String> row = new ArrayList<>(List.of(node, r.getL4Proto(), Long.toUnsignedString(r.getRxqueue()),
                Long.toUnsignedString(r.getTxqueue()), r.getLocalip() + ":" + r.getLocalport(),
                r.getRemoteip() + ":" + (r.getRemoteport() == 0 ? "*" : Integer.toString(r.getRemoteport())),
                r.getStateValue() == ConnectRecord.State.CLOSE_VALUE ? "" : stateName(r)));
        if (extend) {
            row.add(Integer.toUnsignedString(r.getUid()));
            row.add(Long.toUnsignedString(r.getInode()));
        }
        if (programs) {
            row.add(r.getProcess().getPid() == 0 ? "-" : r.getProcess().getPid() + "/" + r.getProcess().getName());
        }
        if (pods) {
            row.add("-");
        }
        if (timers) {
            row.add(String.format(Locale.ROOT, "%s (%.2f/%d/%d)", timerName(r), r.getTimerwhen() / 100.0,
                    r.getRetrnsmt(), r.getTimeout()));
        }
        return row;
    }

    /** Go prints an enum value without a name as its number. */
    private static String stateName(ConnectRecord r) {
        return r.getState() == ConnectRecord.State.UNRECOGNIZED ? Integer.toString(r.getStateValue())
                : r.getState().name();
    }

    private static String timerName(ConnectRecord r) {
        return r.getTr() == ConnectRecord.TimerActive.UNRECOGNIZED ? Integer.toString(r.getTrValue())
                : r.getTr().name().toLowerCase(Locale.ROOT);
    }
}
