package dev.anvil.ctl;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.anvil.api.time.Time;
import dev.anvil.api.time.TimeRequest;
import dev.anvil.api.time.TimeServiceGrpc;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl time: each node's clock against an NTP server (the first it syncs with, or the one named by {@code
 * --check}), printed as talosctl prints it: node, server, node time, server time, times as Go prints a UTC time.
 */
@Command(name = "time", description = "Gets current server time.")
final class TimeCommand implements Callable<Integer> {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;
    @Option(names = "--check", paramLabel = "SERVER", description = "checks server time against specified ntp server")
    String server;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            var stub = TimeServiceGrpc.newBlockingStub(api.channel());
            List<Time> messages = (server == null || server.isEmpty()
                    ? stub.time(Empty.getDefaultInstance())
                    : stub.timeCheck(TimeRequest.newBuilder().setServer(server).build())).getMessagesList();
            var replies = NodeReplies.of(api, messages, spec.commandLine().getErr());
            Table table = new Table("NODE", "NTP-SERVER", "NODE-TIME", "NTP-SERVER-TIME");
            for (Time time : replies.answered()) {
                table.row(api.nodeOf(time), time.getServer(), goTime(time.getLocaltime()),
                        goTime(time.getRemotetime()));
            }
            table.print(out);
            return replies.exitCode();
        }
    }

    /** Go's {@code time.Time.String()} of a UTC time: {@code 2006-01-02 15:04:05.123 +0000 UTC}, no trailing zeros. */
    static String goTime(Timestamp timestamp) {
        Instant t = Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
        String fraction = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        return SECONDS.format(t) + fraction + " +0000 UTC";
    }
}
