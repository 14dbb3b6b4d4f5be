package dev.anvil.machined.server;

import dev.anvil.sys.KmsgRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Kernel log records as the Dmesg RPC sends them, one a message, in Talos's words:
 * {@code "kern:    info: [2026-11-23T11:18:18.123456Z]: message\n"}: the facility, the level right-aligned in 7
 * characters, the wall-clock time of the record (boot time plus the record's time since boot) in RFC 3339 with
 * trailing zeros of the fraction dropped (Go's RFC3339Nano), then the text and the newline that ends the record in
 * /dev/kmsg: Talos keeps it in the message, and talosctl prints each message as it comes, adding none.
 */
final class KernelLog {
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
            "local7"};
    private static final String[] LEVELS = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private final Instant bootTime;

    private KernelLog(Instant bootTime) {
        this.bootTime = bootTime;
    }

    /** Boot time is now minus the uptime in /proc/uptime (read once, as Talos reads it once a call). */
    static KernelLog sinceBoot() {
        try {
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII).split(" ")[0];
            long millis = Math.round(Double.parseDouble(uptime) * 1000);
            return new KernelLog(Instant.now().minus(Duration.ofMillis(millis)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/uptime", e);
        }
    }

    String format(KmsgRecord record) {
        return "%s: %7s: [%s]: %s\n".formatted(name(FACILITIES, record.facility()), name(LEVELS, record.level()),
                RFC3339_NANO.format(bootTime.plus(record.sinceBoot())), record.message());
    }

    private static String name(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : Integer.toString(value);
    }
}
