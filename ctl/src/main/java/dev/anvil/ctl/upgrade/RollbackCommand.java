package dev.anvil.ctl.upgrade;

import dev.anvil.api.machine.Rollback;
import dev.anvil.api.machine.RollbackRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** anvilctl rollback, as talosctl's: each node makes its other boot slot the default and reboots into it. */
@Command(name = "rollback", description = "Roll the nodes back to the version in their other boot slot (and reboot).")
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int failures = 0;
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            for (Rollback reply : api.machine().rollback(RollbackRequest.getDefaultInstance()).getMessagesList()) {
                String error = ApiSession.errorOf(reply);
                if (!error.isEmpty()) {
                    spec.commandLine().getErr().println(api.nodeOf(reply) + ": " + error);
                    failures++;
                } else {
                    out.println(api.nodeOf(reply) + ": rollback requested, rebooting into the other slot");
                }
            }
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return failures == 0 ? 0 : 1;
    }
}
