package dev.anvil.ctl;

import dev.anvil.ctl.files.Humanize;
import com.google.protobuf.Empty;
import dev.anvil.api.machine.ProcessInfo;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** anvilctl processes: each node's processes, largest first, in talosctl's columns (talosctl's --watch is not here). */
@Command(name = "processes", aliases = {"p", "ps"}, description = "List running processes.")
final class ProcessesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-i", "--insecure"}, description = "Talk to a node in maintenance mode (no client certificate).")
    boolean insecure;
    @Option(names = {"-s", "--sort"}, paramLabel = "rss|cpu", defaultValue = "rss",
            description = "Column to sort by, largest first: rss or cpu (default: ${DEFAULT-VALUE}).")
    String sort;

    @Override
    public Integer call() throws Exception {
        Comparator<ProcessInfo> largestFirst = switch (sort) {
            case "rss" -> Comparator.comparingLong(ProcessInfo::getResidentMemory).reversed();
            case "cpu" -> Comparator.comparingDouble(ProcessInfo::getCpuTime).reversed();
            default -> throw new ParameterException(spec.commandLine(),
                    "--sort is rss or cpu, not \"" + sort + "\"");
        };
        GlobalOptions global = GlobalOptions.of(spec);
        try (ApiSession api = insecure ? global.openInsecure(null) : global.open()) {
            var replies = NodeReplies.of(api, api.machine().processes(Empty.getDefaultInstance()).getMessagesList(),
                    spec.commandLine().getErr());
            Table table = new Table("NODE", "PID", "STATE", "THREADS", "CPU-TIME", "VIRTMEM", "RESMEM", "LABEL",
                    "COMMAND");
            for (var node : replies.answered()) {
                List<ProcessInfo> processes = new ArrayList<>(node.getProcessesList());
                processes.sort(largestFirst);
                for (ProcessInfo p : processes) {
                    table.row(api.nodeOf(node), p.getPid(), p.getState(), p.getThreads(),
                            String.format(Locale.ROOT, "%.2f", p.getCpuTime()), Humanize.bytes(p.getVirtualMemory()),
                            Humanize.bytes(p.getResidentMemory()), p.getLabel(), commandLine(p));
                }
            }
            table.print(spec.commandLine().getOut());
            return replies.exitCode();
        }
    }

    /**
     * As talosctl shows it: the arguments with the first one replaced by the executable's full path when it names
     * that executable; the short command name when there is no executable; other than printable ASCII as spaces.
     */
    static String commandLine(ProcessInfo p) {
        String line = p.getArgs();
        if (p.getExecutable().isEmpty()) {
            line = p.getCommand();
        } else if (!line.isBlank()) {
            String first = firstWord(line);
            String executable = p.getExecutable();
            if (first.equals(firstWord(executable).substring(firstWord(executable).lastIndexOf('/') + 1))) {
                int at = line.indexOf(first);
                line = line.substring(0, at) + executable + line.substring(at + first.length());
            }
        }
        StringBuilder printable = new StringBuilder(line.length());
        line.codePoints().forEach(c -> printable.append(c < 32 || c > 126 ? ' ' : (char) c));
        return printable.toString();
    }

    private static String firstWord(String text) {
        return text.strip().split("\\s+", 2)[0];
    }
}
