package dev.anvil.ctl;

import dev.anvil.ctl.files.Humanize;
import com.google.protobuf.Empty;
import dev.anvil.api.storage.Disk;
import dev.anvil.api.storage.Disks;
import dev.anvil.api.storage.StorageServiceGrpc;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl disks: each node's disks through storage.StorageService.Disks, in the columns talosctl printed before it
 * made the command an error in favour of {@code get disks} (which anvilctl serves too, with more detail). An empty
 * value prints as {@code -}, a system disk as {@code *}.
 */
@Command(name = "disks", description = "Get the list of disks from /sys/block on the machine (see also: get disks).")
final class DisksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            var messages = StorageServiceGrpc.newBlockingStub(api.channel()).disks(Empty.getDefaultInstance())
                    .getMessagesList();
            var replies = NodeReplies.of(api, messages, spec.commandLine().getErr());
            Table table = new Table("NODE", "DEV", "MODEL", "SERIAL", "TYPE", "UUID", "WWID", "MODALIAS", "NAME",
                    "SIZE", "BUS_PATH", "SUBSYSTEM", "READ_ONLY", "SYSTEM_DISK");
            for (Disks disks : replies.answered()) {
                for (Disk d : disks.getDisksList()) {
                    table.row(api.nodeOf(disks), d.getDeviceName(), dash(d.getModel()), dash(d.getSerial()),
                            d.getType().name().toLowerCase(Locale.ROOT), dash(d.getUuid()), dash(d.getWwid()),
                            dash(d.getModalias()), dash(d.getName()), Humanize.bytes(d.getSize()),
                            dash(d.getBusPath()), dash(d.getSubsystem()), d.getReadonly() ? "*" : "",
                            d.getSystemDisk() ? "*" : "");
                }
            }
            table.print(out);
            return replies.exitCode();
        }
    }

    private static String dash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
