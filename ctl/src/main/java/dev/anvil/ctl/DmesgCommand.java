package dev.anvil.ctl;

import dev.anvil.api.machine.DmesgRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.InsecureOptions;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.ServerStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * anvilctl dmesg: the nodes' kernel log, one record a message, printed {@code NODE: RECORD}. Talos's records end
 * with the kernel's newline and talosctl prints them as they are; a record without one gets one here.
 */
@Command(name = "dmesg", description = "Retrieve kernel logs.")
final class DmesgCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    InsecureOptions insecure;

    @Option(names = {"-f", "--follow"}, description = "Stream the kernel log as it grows.")
    boolean follow;
    @Option(names = "--tail", description = "Send only new records (makes sense only with --follow).")
    boolean tail;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DmesgRequest request = DmesgRequest.newBuilder().setFollow(follow).setTail(tail).build();
        try (ApiSession api = insecure.open(GlobalOptions.of(spec))) {
            NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
            ServerStream.forEach(api.machine().dmesg(request), data -> {
                if (errors.reported(data) || data.getBytes().isEmpty()) {
                    return;
                }
                String record = data.getBytes().toStringUtf8();
                out.print(api.nodeOf(data) + ": " + record + (record.endsWith("\n") ? "" : "\n"));
                out.flush();
            });
            return errors.exitCode();
        }
    }
}
