package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfiguration;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.ApplyConfigurationResponse;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What apply-config, patch and edit share: the apply flags ({@code --mode}, {@code --dry-run}, {@code --timeout},
 * a mixin as talosctl's AddModeFlags), the request they make, and how the nodes' replies print: each node's mode
 * details on stdout, its warnings and errors on stderr.
 *
 * <p>Beyond talosctl: a node applies a change that touches its network as a try (its reply's mode is try though
 * another was asked). anvilctl then dials the node again, over a fresh connection, and confirms the try
 * ({@code confirm_try}); a node it cannot reach that way reverts by itself when the try's timeout ends.
 */
final class ApplyRequests {
    /** How long the confirmation of a try may take, reconnecting included. */
    static final Duration CONFIRM_DEADLINE = Duration.ofSeconds(10);

    @Option(names = {"-m", "--mode"}, defaultValue = "auto",
            description = "auto, no-reboot, reboot, staged or try (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--dry-run", description = "Check the config and show what would change; change nothing.")
    boolean dryRun;
    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "With --mode try: how long until the previous config comes back unless confirmed "
                    + "(default: 1m). Also how long a change the node applies as a try because it touches the "
                    + "network waits for anvilctl to confirm it (default: the node's, 30s).")
    String timeout;

    /** Checks the flags before any work is done: a mode or timeout that does not parse throws. */
    void check() {
        wireMode();
        if (timeout != null) {
            GoTime.parseDuration(timeout);
        }
    }

    ApplyConfigurationRequest request(String config) {
        ApplyConfigurationRequest.Mode wire = wireMode();
        var request = ApplyConfigurationRequest.newBuilder().setData(ByteString.copyFromUtf8(config)).setMode(wire)
                .setDryRun(dryRun);
        if (timeout != null || wire == ApplyConfigurationRequest.Mode.TRY) {
            Duration tryTimeout = GoTime.parseDuration(timeout == null ? "1m" : timeout);
            request.setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano()));
        }
        return request.build();
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

    /**
     * Prints each node's reply, then confirms the tries the nodes chose over a fresh session ({@code fresh}) to
     * the node {@code targetOf} names for the reply (null: the endpoint); returns how many nodes failed.
     */
    static int printAndConfirm(CommandSpec spec, ApiSession api, ApplyConfigurationRequest asked,
            ApplyConfigurationResponse response, Function<ApplyConfiguration, String> targetOf,
            SessionOpener fresh) {
        int failures = print(spec, api, response);
        List<ApplyConfiguration> tries = response.getMessagesList().stream()
                .filter(reply -> ApiSession.errorOf(reply).isEmpty() && choseTry(asked, reply)).toList();
        if (tries.isEmpty()) {
            return failures;
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApplyConfigurationRequest confirm = asked.toBuilder().setMode(ApplyConfigurationRequest.Mode.NO_REBOOT)
                .setDryRun(false).setConfirmTry(true).build();
        try (ApiSession session = fresh.open()) {
            for (ApplyConfiguration reply : tries) {
                String node = targetOf.apply(reply);
                String label = api.nodeOf(reply);
                try {
                    ApplyConfigurationResponse confirmed = MachineServiceGrpc.newBlockingStub(session.channelFor(node))
                            .withDeadlineAfter(CONFIRM_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                            .applyConfiguration(confirm);
                    String error = confirmed.getMessagesCount() == 0 ? "no reply"
                            : ApiSession.errorOf(confirmed.getMessages(0));
                    if (!error.isEmpty()) {
                        throw new IllegalStateException(error);
                    }
                    out.println(label + ": reached again over a new connection: "
                            + confirmed.getMessages(0).getModeDetails());
                } catch (RuntimeException e) {
                    err.println(label + ": could not confirm the change over a new connection ("
                            + Failures.describe(e) + "); the node reverts to its previous config by itself");
                    failures++;
                }
            }
        } catch (Exception e) {
            err.println("could not reach the nodes again to confirm the change (" + e.getMessage()
                    + "); they revert to their previous config by themselves");
            failures += tries.size();
        }
        out.flush();
        err.flush();
        return failures;
    }

    /** Opens a new session to the same endpoint. */
    @FunctionalInterface
    interface SessionOpener {
        ApiSession open() throws Exception;
    }

    /** The node applied as a try what was asked in another mode: a change that touches its network. */
    static boolean choseTry(ApplyConfigurationRequest asked, ApplyConfiguration reply) {
        return !asked.getDryRun() && asked.getMode() != ApplyConfigurationRequest.Mode.TRY
                && reply.getMode() == ApplyConfigurationRequest.Mode.TRY;
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
