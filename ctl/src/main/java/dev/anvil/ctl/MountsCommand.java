package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.MountStat;
import dev.anvil.api.machine.Mounts;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl mounts: each node's mounts with their filesystems' sizes in GB (10^9 bytes), as talosctl prints them;
 * like talosctl it leaves out the mounts of size 0 (proc, sysfs and the like, and those that could not be measured).
 */
@Command(name = "mounts", aliases = "mount", description = "List mounts.")
final class MountsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            var replies = NodeReplies.of(api, api.machine().mounts(Empty.getDefaultInstance()).getMessagesList(),
                    spec.commandLine().getErr());
            Table table = new Table("NODE", "FILESYSTEM", "SIZE(GB)", "USED(GB)", "AVAILABLE(GB)", "PERCENT USED",
                    "MOUNTED ON");
            for (Mounts node : replies.answered()) {
                for (MountStat m : node.getStatsList()) {
                    if (m.getSize() == 0) {
                        continue;
                    }
                    double used = 100.0 - 100.0 * m.getAvailable() / m.getSize();
                    table.row(api.nodeOf(node), m.getFilesystem(), gigabytes(m.getSize()),
                            gigabytes(m.getSize() - m.getAvailable()), gigabytes(m.getAvailable()),
                            String.format(Locale.ROOT, "%.2f%%", used), m.getMountedOn());
                }
            }
            table.print(spec.commandLine().getOut());
            return replies.exitCode();
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes * 1e-9);
    }
}
