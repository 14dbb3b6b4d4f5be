package dev.anvil.ctl;

import dev.anvil.api.machine.DiskUsageInfo;
import dev.anvil.api.machine.DiskUsageRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import dev.anvil.ctl.files.Humanize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl usage: disk usage of paths of each node, as talosctl du prints it: each directory's size (everything
 * below it included), and each file's with {@code -a}, named relative to the path asked for.
 */
@Command(name = "usage", aliases = "du", description = "Retrieve a disk usage.")
final class UsageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Paths to measure (default: /).")
    List<String> paths = new ArrayList<>();
    @Option(names = {"-a", "--all"}, description = "Write counts for all files, not just directories.")
    boolean all;
    @Option(names = {"-d", "--depth"}, paramLabel = "N", description = "Maximum recursion depth: 0 reports the"
            + " paths themselves, 1 also what lies directly in them, and so on (default: 0).")
    int depth;
    @Option(names = {"-H", "--humanize"}, description = "Humanize sizes in the output.")
    boolean humanize;
    @Option(names = {"-t", "--threshold"}, paramLabel = "SIZE", description = "Leave out entries smaller than SIZE"
            + " if positive, or entries greater than -SIZE if negative.")
    long threshold;

    @Override
    public Integer call() throws IOException {
        var request = DiskUsageRequest.newBuilder().setRecursionDepth(depth + 1).setAll(all).setThreshold(threshold)
                .addAllPaths(paths.isEmpty() ? List.of("/") : paths).build();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            boolean nodeColumn = api.nodes().size() > 1;
            Table table = nodeColumn ? new Table("NODE", "SIZE", "NAME") : new Table("SIZE", "NAME");
            int rows = 0;
            Iterator<DiskUsageInfo> infos = api.machine().diskUsage(request);
            while (infos.hasNext()) {
                DiskUsageInfo info = infos.next();
                String error = !ApiSession.errorOf(info).isEmpty() ? ApiSession.errorOf(info) : info.getError();
                if (!error.isEmpty()) {
                    err.println("error from node " + api.nodeOf(info) + ": " + error);
                    failures++;
                    continue;
                }
                String size = humanize ? Humanize.bytes(info.getSize()) : Long.toString(info.getSize());
                if (nodeColumn) {
                    table.row(api.nodeOf(info), size, info.getRelativeName());
                } else {
                    table.row(size, info.getRelativeName());
                }
                rows++;
            }
            if (rows > 0) {
                table.print(spec.commandLine().getOut());
            }
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }
}
