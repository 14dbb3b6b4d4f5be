package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfiguration;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.ApplyConfigurationResponse;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What apply-config, patch and edit share: the apply flags ({@code --mode}, {@code --dry-run}, {@code --timeout},
 * a mixin as talosctl's AddModeFlags), the request they make, and how the nodes' replies print: each node's mode
 * details on stdout, its warnings and errors on stderr.
 */
final class ApplyRequests {
    @Option(names = {"-m", "--mode"}, defaultValue = "auto",
            description = "auto, no-reboot, reboot, staged or try (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--dry-run", description = "Check the config and show what would change; change nothing.")
    boolean dryRun;
    @Option(names = "--timeout", defaultValue = "1m",
            description = "With --mode try: how long until the previous config comes back unless confirmed "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout;

    /** Checks the flags before any work is done: a mode or timeout that does not parse throws. */
    void check() {
        wireMode();
        GoTime.parseDuration(timeout);
    }

    ApplyConfigurationRequest request(String config) {
        Duration tryTimeout = GoTime.parseDuration(timeout);
        return ApplyConfigurationRequest.newBuilder().setData(ByteString.copyFromUtf8(config)).setMode(wireMode())
                .setDryRun(dryRun).setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano())).build();
    }

    private ApplyConfigurationRequest.Mode wireMode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> ApplyConfigurationRequest.Mode.AUTO;
            case "no-reboot" -> ApplyConfigurationRequest.Mode.NO_REBOOT;
            case "reboot" -> ApplyConfigurationRequest.Mode.REBOOT;
            case "staged" -> ApplyConfigurationRequest.Mode.STAGED;
            case "try" -> ApplyConfigurationRequest.Mode.TRY;
            default -> throw new IllegalArgumentException("unknown mode " + mode
                    + " (known: auto, no-reboot, reboot, staged, try)");
        };
    }

    /** Prints each node's reply; returns how many nodes reported an error instead. */
    static int print(CommandSpec spec, ApiSession api, ApplyConfigurationResponse response) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        for (ApplyConfiguration reply : response.getMessagesList()) {
            String node = api.nodeOf(reply);
            String error = ApiSession.errorOf(reply);
            if (!error.isEmpty()) {
                err.println(node + ": " + error);
                failures++;
                continue;
            }
            reply.getWarningsList().forEach(w -> err.println(node + ": warning: " + w));
            out.println(node + ": " + reply.getModeDetails());
        }
        out.flush();
        err.flush();
        return failures;
    }
}
