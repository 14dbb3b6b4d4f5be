package dev.anvil.ctl;

import dev.anvil.api.machine.FileInfo;
import dev.anvil.api.machine.ListRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import dev.anvil.ctl.files.FileModes;
import dev.anvil.ctl.files.Humanize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl list: a directory listing of each node, as talosctl ls prints it: the names relative to PATH, one a
 * line (with a NODE column for several nodes), or with {@code -l} a table of mode, owner, size and time.
 */
@Command(name = "list", aliases = "ls", description = "Retrieve a directory listing.")
final class ListCommand implements Callable<Integer> {
    private static final Duration SIX_MONTHS = Duration.ofDays(6 * 30);
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd yyyy HH:mm", Locale.ENGLISH);

    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "PATH", description = "Directory (or file) to list (default: /).")
    String path = "/";
    @Option(names = {"-l", "--long"}, description = "Display additional file details.")
    boolean detailed;
    @Option(names = {"-r", "--recurse"}, description = "Recurse into subdirectories.")
    boolean recurse;
    @Option(names = {"-d", "--depth"}, defaultValue = "1", paramLabel = "N",
            description = "Maximum recursion depth (default: ${DEFAULT-VALUE}).")
    int depth;
    @Option(names = {"-H", "--humanize"}, description = "Humanize size and time in the output.")
    boolean humanize;
    @Option(names = {"-t", "--type"}, split = ",", paramLabel = "TYPES",
            description = "Filter by type: f regular file, d directory, l or L symbolic link (-t f,d or -t fd).")
    List<String> types = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (recurse && depth != 1) {
            throw new ParameterException(spec.commandLine(),
                    "only one of flags --recurse and --depth can be specified at the same time");
        }
        ListRequest request = request();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            boolean nodeColumn = detailed || api.nodes().size() > 1;
            Table table = detailed ? new Table("NODE", "MODE", "UID", "GID", "SIZE(B)", "LASTMOD", "LABEL", "NAME")
                    : new Table("NODE", "NAME");
            Instant now = Instant.now();
            Iterator<FileInfo> files = api.machine().list(request);
            while (files.hasNext()) {
                FileInfo info = files.next();
                String node = api.nodeOf(info);
                if (!ApiSession.errorOf(info).isEmpty()) {
                    err.println("error from node " + node + ": " + ApiSession.errorOf(info));
                    failures++;
                } else if (!info.getError().isEmpty()) {
                    err.println(node + ": error reading file " + info.getName() + ": " + info.getError());
                    failures++;
                } else if (!nodeColumn) {
                    out.println(info.getRelativeName());
                } else if (detailed) {
                    String name = info.getLink().isEmpty() ? info.getRelativeName()
                            : info.getRelativeName() + " -> " + info.getLink();
                    table.row(node, FileModes.string(info.getMode()), Integer.toUnsignedString(info.getUid()),
                            Integer.toUnsignedString(info.getGid()), size(info.getSize()),
                            time(Instant.ofEpochSecond(info.getModified()), now), "", name);
                } else {
                    table.row(node, info.getRelativeName());
                }
            }
            if (nodeColumn) {
                table.print(out);
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    /** talosctl's request: -r is any depth, -d N above 1 recurses N levels. */
    private ListRequest request() {
        var request = ListRequest.newBuilder().setRoot(path).setRecurse(recurse || depth > 1)
                .setRecursionDepth(recurse ? -1 : depth).setReportXattrs(detailed);
        for (String type : types) {
            for (char letter : type.toCharArray()) {
                request.addTypes(switch (letter) {
                    case 'f' -> ListRequest.Type.REGULAR;
                    case 'd' -> ListRequest.Type.DIRECTORY;
                    case 'l', 'L' -> ListRequest.Type.SYMLINK;
                    default -> throw new ParameterException(spec.commandLine(), "invalid file type: " + letter);
                });
            }
        }
        return request.build();
    }

    private String size(long size) {
        return humanize ? Humanize.bytes(size) : Long.toString(size);
    }

    private String time(Instant modified, Instant now) {
        if (humanize) {
            return Humanize.time(modified, now);
        }
        var local = modified.atZone(ZoneId.systemDefault());
        return Duration.between(modified, now).compareTo(SIX_MONTHS) < 0 ? RECENT.format(local) : OLD.format(local);
    }
}
