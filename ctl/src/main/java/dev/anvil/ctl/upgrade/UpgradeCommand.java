package dev.anvil.ctl.upgrade;

import dev.anvil.api.machine.UpgradeRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.machinery.upgrade.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl upgrade, with talosctl's flags: {@code --image} names a signed bundle file (anvilctl image bundle) rather
 * than an installer image; each node in turn receives it, writes it to its inactive boot slot and reboots into it
 * once, keeping it only when it runs healthy.
 */
@Command(name = "upgrade", description = "Upgrade the nodes to a signed bundle: each writes it to its inactive boot "
        + "slot and boots it once; it becomes the default when the node runs healthy on it, else the node falls back.")
public final class UpgradeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-i", "--image"}, required = true, paramLabel = "FILE",
            description = "The signed upgrade bundle (anvilctl image bundle).")
    Path image;
    @Option(names = {"-s", "--stage"}, description = "Write the bundle now and boot it at the next reboot.")
    boolean stage;
    @Option(names = {"-p", "--preserve"}, description = "Keep the node's data (container mode always does).")
    boolean preserve;
    @Option(names = {"-f", "--force"}, description = "Do not check etcd's health first (accepted; not checked yet).")
    boolean force;
    @Option(names = {"-m", "--reboot-mode"}, defaultValue = "default",
            description = "Reboot mode: default or powercycle (default: ${DEFAULT-VALUE}).")
    String rebootMode;
    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait until each node runs the new version healthy, or has fallen back (default: true).")
    boolean await;
    @Option(names = "--timeout", defaultValue = "10m", description = "How long --wait waits per node (default: "
            + "${DEFAULT-VALUE}).")
    String timeout;

    /** The request's options from talosctl's flags. */
    static UpgradeRequest options(boolean stage, boolean preserve, boolean force, String rebootMode) {
        UpgradeRequest.RebootMode mode = switch (rebootMode.toLowerCase(Locale.ROOT)) {
            case "default" -> UpgradeRequest.RebootMode.DEFAULT;
            case "powercycle" -> UpgradeRequest.RebootMode.POWERCYCLE;
            default -> throw new IllegalArgumentException("unknown reboot mode " + rebootMode
                    + " (known: default, powercycle)");
        };
        return UpgradeRequest.newBuilder().setStage(stage).setPreserve(preserve).setForce(force)
                .setRebootMode(mode).build();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        UpgradeRequest options = options(stage, preserve, force, rebootMode);
        String version = Bundle.manifestOf(image).version();
        Duration wait = GoTime.parseDuration(timeout);
        int failures = 0;
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            List<String> nodes = api.nodes().isEmpty() ? Collections.singletonList(null) : api.nodes();
            for (String node : nodes) {
                String shown = node == null ? api.endpoint() : node;
                if (!await) {
                    var reply = NodeUpgrade.upload(api, node, image, options, wait);
                    out.println(shown + ": " + reply.getAck() + (reply.getActorId().isEmpty() ? ""
                            : " (actor id " + reply.getActorId() + ")"));
                    continue;
                }
                if (!NodeUpgrade.run(api, node, image, version, options, out, wait).upgraded()) {
                    failures++;
                }
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
