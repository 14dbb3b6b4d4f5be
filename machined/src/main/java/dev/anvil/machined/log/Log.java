package dev.anvil.machined.log;

import dev.anvil.machined.services.LogRing;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * machined's own log, one line per message on standard output (bin/machined sends it to the node's machined.log).
 * Plain text by default ({@code machined: message key=value ...}); one JSON object per line ({@code time},
 * {@code level}, {@code msg}, then the fields) when the system property {@code anvil.log.format} or else the
 * environment variable {@code ANVIL_LOG_FORMAT} is {@code json}, or from when a config with a MachinedLogConfig
 * document saying so is loaded. No framework: machined's start-up time and memory
 * matter more than log routing.
 *
 * <p>Fields are name/value pairs after the message; values are written as JSON strings, numbers or booleans. Lines
 * are written whole (one print call each), so lines of concurrent threads never interleave. The newest lines are
 * also kept in memory ({@link #recent()}), which the Logs RPC serves as the log of id {@value #ID}.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** The log id of machined's own log, as Talos names it. */
    public static final String ID = "machined";
    private static final LogRing RECENT = new LogRing(256 * 1024);

    private static volatile boolean json = "json".equalsIgnoreCase(System.getProperty("anvil.log.format",
            System.getenv().getOrDefault("ANVIL_LOG_FORMAT", "text")));

    /** Where lines are also shipped (machine.logging.destinations); null until machined wires it. */
    private static volatile LogShipping shipping;
    /** Where every line also goes, after standard output (as init: the kernel log). */
    private static volatile Consumer<String> mirror = line -> { };

    private Log() {
    }

    /** Ships every line from now on through {@code to} as well (which does nothing without destinations). */
    public static void shipTo(LogShipping to) {
        shipping = to;
    }

    /** Every line goes to {@code sink} too, after standard output (as init: the kernel log). */
    public static void mirrorTo(Consumer<String> sink) {
        mirror = sink;
    }

    public static boolean json() {
        return json;
    }

    /** Switches the format ({@code text} or {@code json}); the config's MachinedLogConfig document does this. */
    public static void useFormat(String format) {
        if (format != null) {
            json = "json".equalsIgnoreCase(format);
        }
    }

    public static void info(String msg, Object... fields) {
        log(Level.INFO, msg, null, fields);
    }

    public static void warn(String msg, Object... fields) {
        log(Level.WARN, msg, null, fields);
    }

    public static void error(String msg, Throwable failure, Object... fields) {
        log(Level.ERROR, msg, failure, fields);
    }

    public static void log(Level level, String msg, Throwable failure, Object... fields) {
        String line = json ? jsonLine(Instant.now(), level, msg, failure, fields) : textLine(level, msg, failure, fields);
        PrintStream stream = System.out;
        stream.print(line);
        stream.flush();
        line.lines().forEach(RECENT::appendLine);
        mirror.accept(line);
        LogShipping to = shipping;
        if (to != null && to.active()) {
            to.ship(entry(Instant.now(), level, msg, failure, fields));
        }
    }

    /** machined's newest log lines, as they were written. */
    public static LogRing recent() {
        return RECENT;
    }

    /** The line as a shipped entry of the service {@code machined}, its fields (and error) kept. */
    static LogEntry entry(Instant time, Level level, String msg, Throwable failure, Object... fields) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            values.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        if (failure != null) {
            values.put("error", failure.toString());
        }
        return new LogEntry(time, level.name().toLowerCase(Locale.ROOT), "machined", msg, values);
    }

    /** The plain form: the message, then {@code key=value} for each field; warnings and errors say so first. */
    static String textLine(Level level, String msg, Throwable failure, Object... fields) {
        StringBuilder line = new StringBuilder("machined: ");
        if (level.compareTo(Level.WARN) >= 0) {
            line.append(level.name().toLowerCase(Locale.ROOT)).append(": ");
        }
        line.append(msg);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.append(' ').append(fields[i]).append('=').append(fields[i + 1]);
        }
        if (failure != null) {
            line.append(": ").append(stackTrace(failure).stripTrailing());
        }
        return line.append('\n').toString();
    }

    static String jsonLine(Instant time, Level level, String msg, Throwable failure, Object... fields) {
        StringBuilder line = new StringBuilder(96).append("{\"time\":\"").append(time).append("\",\"level\":\"")
                .append(level.name().toLowerCase(Locale.ROOT)).append("\",\"msg\":");
        quote(line, msg);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.append(',');
            quote(line, String.valueOf(fields[i]));
            line.append(':');
            value(line, fields[i + 1]);
        }
        if (failure != null) {
            line.append(",\"error\":");
            quote(line, failure.toString());
            line.append(",\"stack\":");
            quote(line, stackTrace(failure));
        }
        return line.append("}\n").toString();
    }

    private static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static void value(StringBuilder line, Object value) {
        switch (value) {
            case Boolean b -> line.append(b);
            case Integer n -> line.append(n);
            case Long n -> line.append(n);
            case null -> line.append("null");
            default -> quote(line, value.toString());
        }
    }

    /** {@code s} as a JSON string, quoted and escaped, for other one-line JSON records. */
    public static String jsonString(String s) {
        StringBuilder text = new StringBuilder(s.length() + 2);
        quote(text, s);
        return text.toString();
    }

    private static void quote(StringBuilder line, String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
