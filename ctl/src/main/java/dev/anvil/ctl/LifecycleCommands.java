package dev.anvil.ctl;

import com.google.protobuf.Message;
import dev.anvil.api.machine.RebootRequest;
import dev.anvil.api.machine.ResetPartitionSpec;
import dev.anvil.api.machine.ResetRequest;
import dev.anvil.api.machine.ShutdownRequest;
import dev.anvil.ctl.api.ActionTracker;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.cosi.resource.codec.GoTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * anvilctl reboot, shutdown and reset, with talosctl's flags. With {@code --wait} (the default) the command follows
 * each node through the action's events until it is down, and after a reboot until it answers again.
 */
final class LifecycleCommands {

    private LifecycleCommands() {
    }

    /** The flags the three commands share. */
    static final class WaitOptions {
        @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Wait for the operation to complete, following its progress (default: true).")
        boolean wait;
        @Option(names = "--timeout", defaultValue = "30m", description = "How long --wait waits (default: 30m).")
        String timeout;

        Duration timeout() {
            return GoTime.parseDuration(timeout);
        }
    }

    /**
     * Sends the action to the nodes; prints each node's actor id, then, with --wait, follows each node in turn.
     * Returns the exit code: 1 when a node reported an error.
     */
    static int run(CommandSpec spec, WaitOptions wait, String verb, ActionTracker.Then then,
            Function<ApiSession, List<? extends Message>> action) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            // subscribe to each node's events first: a node may go down a moment after it replied
            Map<String, ActionTracker> trackers = new LinkedHashMap<>();
            try {
                if (wait.wait) {
                    for (String node : api.nodes().isEmpty() ? Collections.<String>singletonList(null) : api.nodes()) {
                        trackers.put(node, new ActionTracker(api, node, out, wait.timeout()));
                    }
                }
                List<Map.Entry<String, String>> started = new ArrayList<>();
                for (Message message : action.apply(api)) {
                    String node = api.nodeOf(message);
                    String error = ApiSession.errorOf(message);
                    if (!error.isEmpty()) {
                        err.println(node + ": " + error);
                        failures++;
                        continue;
                    }
                    String actorId = (String) message.getField(
                            message.getDescriptorForType().findFieldByName("actor_id"));
                    out.println(node + ": " + verb + " requested (actor id " + actorId + ")");
                    started.add(Map.entry(node, actorId));
                }
                out.flush();
                for (var node : started) {
                    ActionTracker tracker = trackers.size() == 1 ? trackers.values().iterator().next()
                            : trackers.get(node.getKey());
                    if (tracker != null) {
                        tracker.follow(node.getKey(), node.getValue(), then);
                    }
                }
            } finally {
                trackers.values().forEach(ActionTracker::close);
            }
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    @Command(name = "reboot", description = "Reboot the nodes.")
    static final class Reboot implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        WaitOptions wait;
        @Option(names = {"-m", "--mode"}, defaultValue = "default",
                description = "Reboot mode: default, powercycle or force (default: ${DEFAULT-VALUE}).")
        String mode;

        @Override
        public Integer call() throws Exception {
            RebootRequest.Mode wire = switch (mode.toLowerCase(Locale.ROOT)) {
                case "default" -> RebootRequest.Mode.DEFAULT;
                case "powercycle" -> RebootRequest.Mode.POWERCYCLE;
                case "force" -> RebootRequest.Mode.FORCE;
                default -> throw new IllegalArgumentException("unknown reboot mode " + mode
                        + " (known: default, powercycle, force)");
            };
            return run(spec, wait, "reboot", ActionTracker.Then.COME_BACK, api -> api.machine()
                    .reboot(RebootRequest.newBuilder().setMode(wire).build()).getMessagesList());
        }
    }

    @Command(name = "shutdown", description = "Shut the nodes down.")
    static final class Shutdown implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        WaitOptions wait;
        @Option(names = "--force", description = "Do not cordon and drain the Kubernetes node first.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return run(spec, wait, "shutdown", ActionTracker.Then.STAY_DOWN, api -> api.machine()
                    .shutdown(ShutdownRequest.newBuilder().setForce(force).build()).getMessagesList());
        }
    }

    @Command(name = "reset", description = "Reset the nodes: wipe their system partitions (and so their config), "
            + "then power off or reboot into maintenance mode.")
    static final class Reset implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        WaitOptions wait;
        @Option(names = "--graceful", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Leave etcd gracefully first (default: true).")
        boolean graceful;
        @Option(names = "--reboot", description = "Reboot after the reset instead of powering off.")
        boolean reboot;
        @Option(names = "--system-labels-to-wipe", split = ",", paramLabel = "LABEL",
                description = "System partitions to wipe: STATE, EPHEMERAL (default: all).")
        List<String> labels = new ArrayList<>();
        @Option(names = "--wipe-mode", defaultValue = "all", description = "What to wipe: all, system-disk or "
                + "user-disks (default: ${DEFAULT-VALUE}; a container-mode node has no user disks).")
        String wipeMode;

        @Override
        public Integer call() throws Exception {
            ResetRequest.WipeMode mode = switch (wipeMode.toLowerCase(Locale.ROOT)) {
                case "all" -> ResetRequest.WipeMode.ALL;
                case "system-disk" -> ResetRequest.WipeMode.SYSTEM_DISK;
                case "user-disks" -> ResetRequest.WipeMode.USER_DISKS;
                default -> throw new IllegalArgumentException("unknown wipe mode " + wipeMode
                        + " (known: all, system-disk, user-disks)");
            };
            ResetRequest.Builder request = ResetRequest.newBuilder().setGraceful(graceful).setReboot(reboot)
                    .setMode(mode);
            for (String label : labels) {
                request.addSystemPartitionsToWipe(ResetPartitionSpec.newBuilder().setLabel(label).setWipe(true));
            }
            return run(spec, wait, "reset", reboot ? ActionTracker.Then.COME_BACK : ActionTracker.Then.STAY_DOWN,
                    api -> api.machine().reset(request.build()).getMessagesList());
        }
    }
}
