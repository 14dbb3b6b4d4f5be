package dev.anvil.ctl.upgrade;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.BootSlot;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.UpgradeRequest;
import dev.anvil.api.machine.UpgradeResponse;
import dev.anvil.api.machine.Version;
import dev.anvil.api.upgrade.UpgradeServiceGrpc;
import dev.anvil.api.upgrade.UploadRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.ChunkedUpload;
import io.grpc.StatusRuntimeException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One node's upgrade as anvilctl drives it: the bundle is uploaded to the node (anvil.upgrade.UpgradeService/Upload),
 * which reboots into it; then, when waiting, the node is followed down and up again, and its Version polled until
 * the slot it runs is the default (the node found itself healthy on the new version) or it runs the old one again
 * (it fell back, and says why).
 */
public final class NodeUpgrade {
    private static final Duration POLL = Duration.ofMillis(100);

    /** How a node's upgrade ended: on the new version (with the times measured), or not, and why. */
    public record Outcome(boolean upgraded, String detail, Duration toHealthy, Duration downtime) {
    }

    private NodeUpgrade() {
    }

    /** Sends the bundle; returns the reply (its ack and the reboot's actor id, empty when staged). */
    public static dev.anvil.api.machine.Upgrade upload(ApiSession api, String node, Path bundle,
            UpgradeRequest options, Duration timeout) throws Exception {
        UpgradeResponse reply = ChunkedUpload.send(UpgradeServiceGrpc.newStub(api.channelFor(node))::upload,
                UploadRequest.newBuilder().setOptions(options).build(),
                bytes -> UploadRequest.newBuilder().setChunk(bytes).build(), bundle,
                UpgradeResponse.getDefaultInstance(), timeout);
        if (reply.getMessagesCount() == 0) {
            throw new IllegalStateException("the node sent no reply to the upgrade");
        }
        return reply.getMessages(0);
    }

    /**
     * Uploads the bundle of this version and waits for the node to run it as its default slot, or to fall back.
     * Prints the node's progress.
     */
    public static Outcome run(ApiSession api, String node, Path bundle, String version, UpgradeRequest options,
            PrintWriter out, Duration timeout) throws Exception {
        String shown = node == null ? api.endpoint() : node;
        long started = System.nanoTime();
        var reply = upload(api, node, bundle, options, timeout);
        out.println(shown + ": " + reply.getAck());
        out.flush();
        if (options.getStage()) {
            return new Outcome(true, "staged", Duration.ZERO, Duration.ZERO);
        }
        Outcome outcome = awaitSettled(api, node, version, started, timeout);
        out.printf("%s: %s (%.1f s after the upload began, API unavailable %.1f s)%n", shown, outcome.detail(),
                outcome.toHealthy().toMillis() / 1e3, outcome.downtime().toMillis() / 1e3);
        out.flush();
        return outcome;
    }

    /**
     * Polls Version until the node, having gone down (its reboot), runs from its default slot: {@code version}
     * (upgraded) or another one (it fell back). The downtime is how long the API did not answer.
     */
    static Outcome awaitSettled(ApiSession api, String node, String version, long started, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long downSince = 0;
        long down = 0;
        boolean wentDown = false;
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            Optional<Version> answer = version(api, node);
            if (answer.isEmpty()) {
                downSince = downSince == 0 ? System.nanoTime() : downSince;
                wentDown = true;
                api.reconnect();
            } else if (wentDown) {
                if (downSince != 0) {
                    down += System.nanoTime() - downSince;
                    downSince = 0;
                }
                Version v = answer.get();
                Optional<BootSlot> running = v.getAnvilBootSlotsList().stream().filter(BootSlot::getRunning)
                        .findFirst();
                if (running.isPresent() && running.get().getDefault()) {
                    boolean upgraded = v.getVersion().getTag().equals(version);
                    String why = v.getAnvilBootSlotsList().stream().map(BootSlot::getRolledBack)
                            .filter(s -> !s.isEmpty()).findFirst().orElse("");
                    return new Outcome(upgraded, upgraded ? "running " + version + " from slot "
                            + running.get().getLabel() : "running " + v.getVersion().getTag() + " again"
                            + (why.isEmpty() ? "" : " (rolled back: " + why + ")"),
                            Duration.ofNanos(System.nanoTime() - started), Duration.ofNanos(down));
                }
                last = "running " + v.getVersion().getTag() + ", not yet its default";
            }
            Thread.sleep(answer.isPresent() ? POLL : POLL.dividedBy(5));
        }
        return new Outcome(false, "timed out after " + timeout + " (" + last + ")",
                Duration.ofNanos(System.nanoTime() - started), Duration.ofNanos(down));
    }

    private static Optional<Version> version(ApiSession api, String node) {
        try {
            var reply = MachineServiceGrpc.newBlockingStub(api.channelFor(node))
                    .withDeadlineAfter(1, TimeUnit.SECONDS).version(Empty.getDefaultInstance());
            return reply.getMessagesCount() == 0 || !ApiSession.errorOf(reply.getMessages(0)).isEmpty()
                    ? Optional.empty() : Optional.of(reply.getMessages(0));
        } catch (StatusRuntimeException e) {
            return Optional.empty();
        }
    }
}
