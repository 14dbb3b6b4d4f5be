package dev.anvil.machined.lifecycle;

import java.util.concurrent.CompletableFuture;

/** A terminal that only notes how the node would have ended: "reboot" or "powerOff". */
public final class RecordingTerminal implements Lifecycle.Terminal {
    public final CompletableFuture<String> ended = new CompletableFuture<>();

    @Override
    public void reboot() {
        ended.complete("reboot");
    }

    @Override
    public void powerOff() {
        ended.complete("powerOff");
    }
}
