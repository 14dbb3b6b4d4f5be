package dev.anvil.machined.log;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * machined's log shipping ({@code machine.logging.destinations}): every line of machined's own log and of the
 * services' output goes to each configured collector through its own {@link LogSender}. Shipping is a tap beside
 * the node's own logs (machined's standard output, the services' log rings), which it never slows or changes:
 * {@link #ship} only queues, and a full queue drops and counts.
 *
 * <p>{@link #configure} replaces the destinations while lines flow: a destination that stays (same endpoint and
 * tags) keeps its sender, its connection and its counts; one that goes is closed.
 */
public final class LogShipping implements AutoCloseable {
    /** One collector: its endpoint ({@code tcp://} or {@code udp://host:port}) and the tags added to each line. */
    public record Destination(URI endpoint, Map<String, String> extraTags) {
        public Destination {
            extraTags = extraTags == null ? Map.of() : Map.copyOf(extraTags);
        }
    }

    private volatile List<LogSender> senders = List.of();

    /** Ships to exactly these destinations from now on. */
    public synchronized void configure(List<Destination> destinations) {
        List<LogSender> kept = new ArrayList<>();
        boolean added = false;
        List<LogSender> old = new ArrayList<>(senders);
        for (Destination destination : destinations) {
            LogSender same = old.stream().filter(s -> s.endpoint().equals(destination.endpoint())
                    && s.extraTags().equals(destination.extraTags())).findFirst().orElse(null);
            if (same != null) {
                old.remove(same);
                kept.add(same);
            } else {
                kept.add(new LogSender(destination.endpoint(), destination.extraTags()));
                added = true;
            }
        }
        senders = List.copyOf(kept);
        old.forEach(LogSender::close);
        if (added || !old.isEmpty()) {
            Log.info("log destinations set", "endpoints", String.join(" ", kept.stream()
                    .map(s -> s.endpoint().toString()).toList()));
        }
    }

    /** Queues the entry for every destination; never blocks. */
    public void ship(LogEntry entry) {
        for (LogSender sender : senders) {
            sender.offer(entry);
        }
    }

    public boolean active() {
        return !senders.isEmpty();
    }

    /** Each destination's counts, in configured order. */
    public List<LogSender.Counts> counts() {
        return senders.stream().map(LogSender::counts).toList();
    }

    @Override
    public synchronized void close() {
        List<LogSender> old = senders;
        senders = List.of();
        old.forEach(LogSender::close);
    }
}
