package dev.anvil.ctl.files;

import dev.anvil.machinery.resources.block.BlockResources;

import java.time.Duration;
import java.time.Instant;

/**
 * Sizes and times as talosctl's {@code -H} prints them (the go-humanize library's words): sizes in SI units with
 * one decimal below 10 ("1.2 kB", "12 kB"), times relative to now ("3 days ago", "2 years ago").
 */
public final class Humanize {
    private static final long SECOND = 1;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long MONTH = 30 * DAY;
    private static final long YEAR = 12 * MONTH;
    /** Each span: below {@code upTo} seconds, {@code format} with the span counted in {@code unit}s. */
    private static final Span[] SPANS = {
        new Span(SECOND, "now", SECOND),
        new Span(2 * SECOND, "1 second %s", 0),
        new Span(MINUTE, "%d seconds %s", SECOND),
        new Span(2 * MINUTE, "1 minute %s", 0),
        new Span(HOUR, "%d minutes %s", MINUTE),
        new Span(2 * HOUR, "1 hour %s", 0),
        new Span(DAY, "%d hours %s", HOUR),
        new Span(2 * DAY, "1 day %s", 0),
        new Span(WEEK, "%d days %s", DAY),
        new Span(2 * WEEK, "1 week %s", 0),
        new Span(MONTH, "%d weeks %s", WEEK),
        new Span(2 * MONTH, "1 month %s", 0),
        new Span(YEAR, "%d months %s", MONTH),
        new Span(18 * MONTH, "1 year %s", 0),
        new Span(2 * YEAR, "2 years %s", 0),
        new Span(37 * YEAR, "%d years %s", YEAR),
        new Span(Long.MAX_VALUE, "a long while %s", 0),
    };

    private record Span(long upTo, String format, long unit) {
    }

    private Humanize() {
    }

    public static String bytes(long size) {
        return BlockResources.prettySize(size);
    }

    public static String time(Instant then, Instant now) {
        Duration difference = Duration.between(then, now);
        String label = difference.isNegative() ? "from now" : "ago";
        long seconds = difference.abs().getSeconds();
        for (Span span : SPANS) {
            if (span.upTo() > seconds) {
                if (span.format().equals("now")) {
                    return "now";
                }
                return span.unit() == 0 ? span.format().formatted(label)
                        : span.format().formatted(seconds / span.unit(), label);
            }
        }
        throw new IllegalStateException("no span for " + seconds + " s");
    }
}
