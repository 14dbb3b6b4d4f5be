package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfiguration;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.gen.PatchArguments;
import dev.anvil.machinery.config.tool.ConfigTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl apply-config: send a machine config to nodes, as talosctl does. {@code --insecure} reaches a node in
 * maintenance mode, which has no certificate a client could verify: {@code --cert-fingerprint} pins the one its log
 * shows. Patches are applied here, before the config leaves.
 */
@Command(name = "apply-config", aliases = "apply", description = "Apply a machine config to the nodes.")
final class ApplyConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The machine config.")
    Path file;
    @Option(names = {"-p", "--config-patch"}, paramLabel = "PATCH",
            description = "Patch to apply first, inline or @file; repeatable.")
    List<String> patches = new ArrayList<>();
    @Option(names = {"-i", "--insecure"}, description = "Apply to a node in maintenance mode (no client "
            + "certificate; the node's certificate is not verified unless --cert-fingerprint is given).")
    boolean insecure;
    @Option(names = "--cert-fingerprint", paramLabel = "SHA256",
            description = "With --insecure: the node's certificate fingerprint, as its log shows it.")
    String fingerprint;
    @Option(names = {"-m", "--mode"}, defaultValue = "auto",
            description = "auto, no-reboot, reboot, staged or try (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--dry-run", description = "Check the config and show what would change; change nothing.")
    boolean dryRun;
    @Option(names = "--timeout", defaultValue = "1m",
            description = "With --mode try: how long until the previous config comes back unless confirmed "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        ApplyConfigurationRequest.Mode wire = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> ApplyConfigurationRequest.Mode.AUTO;
            case "no-reboot" -> ApplyConfigurationRequest.Mode.NO_REBOOT;
            case "reboot" -> ApplyConfigurationRequest.Mode.REBOOT;
            case "staged" -> ApplyConfigurationRequest.Mode.STAGED;
            case "try" -> ApplyConfigurationRequest.Mode.TRY;
            default -> throw new IllegalArgumentException("unknown mode " + mode
                    + " (known: auto, no-reboot, reboot, staged, try)");
        };
        if (fingerprint != null && !insecure) {
            throw new IllegalArgumentException("--cert-fingerprint goes with --insecure");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        String config = Files.readString(file);
        if (!patches.isEmpty()) {
            var patched = ConfigTool.patch(config, PatchArguments.texts(patches));
            if (patched.exitCode() != 0) {
                throw new IllegalArgumentException("patching " + file + ": " + patched.stderr().strip());
            }
            config = patched.stdout();
        }
        Duration tryTimeout = GoTime.parseDuration(timeout);
        var request = ApplyConfigurationRequest.newBuilder().setData(ByteString.copyFromUtf8(config)).setMode(wire)
                .setDryRun(dryRun).setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano()));
        GlobalOptions global = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        try (ApiSession api = insecure ? global.openInsecure(fingerprint) : global.open()) {
            for (ApplyConfiguration reply : api.machine().applyConfiguration(request.build()).getMessagesList()) {
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
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }
}
