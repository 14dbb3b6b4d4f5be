package dev.anvil.cosi.resource.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Durations and timestamps as Go prints and parses them ({@code time.Duration.String}/{@code time.ParseDuration},
 * and RFC 3339), so YAML written by Anvil reads like YAML written by Talos and either side can parse the other's.
 */
public final class GoTime {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", NANOS_PER_SECOND, "m", 60 * NANOS_PER_SECOND, "h", 3600 * NANOS_PER_SECOND);

    private GoTime() {
    }

    /** Go's format: {@code 1h2m3.5s} from one second up, {@code 1.5ms}, {@code 2µs} or {@code 7ns} below it. */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        String sign = d.isNegative() ? "-" : "";
        Duration u = d.abs();
        long seconds = u.getSeconds();
        int nanos = u.getNano();
        if (seconds == 0) {
            if (nanos < 1_000) {
                return sign + nanos + "ns";
            }
            return nanos < 1_000_000 ? sign + decimal(nanos, 3) + "\u00b5s" : sign + decimal(nanos, 6) + "ms";
        }
        StringBuilder out = new StringBuilder(sign);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(seconds % 60).append(decimal(nanos, 9).substring(1)).append('s').toString();
    }

    /**
     * Parses what Go's {@code time.ParseDuration} accepts: an optional sign, then numbers with optional fractions,
     * each followed by a unit ({@code ns, us, µs, ms, s, m, h}); a bare {@code 0} is allowed.
     */
    public static Duration parseDuration(String text) {
        String s = text;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw badDuration(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = UNIT_NANOS.get(s.substring(unitStart, i));
            String number = s.substring(start, unitStart);
            if (unit == null || number.isEmpty() || number.equals(".")) {
                throw badDuration(text);
            }
            try {
                nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
            } catch (NumberFormatException e) {
                throw badDuration(text);
            }
        }
        BigInteger[] parts = nanos.setScale(0, RoundingMode.DOWN).toBigIntegerExact()
                .divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
        Duration d = Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
        return negative ? d.negated() : d;
    }

    /** RFC 3339 in UTC with as many fraction digits as needed (Go's {@code RFC3339Nano}); none for whole seconds. */
    static String formatTimestamp(Instant t) {
        String fraction = t.getNano() == 0 ? "" : decimal(t.getNano(), 9).substring(1);
        return SECONDS.format(t) + fraction + "Z";
    }

    /** Any RFC 3339 timestamp, with or without a fraction, in any offset. */
    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: \"" + text + "\"", e);
        }
    }

    /** {@code value / 10^digits} in decimal, without trailing zeros in the fraction: (1500, 3) is "1.5". */
    private static String decimal(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        String fraction = String.format("%0" + digits + "d", value % scale).replaceFirst("0+$", "");
        return (value / scale) + (fraction.isEmpty() ? "" : "." + fraction);
    }

    private static IllegalArgumentException badDuration(String text) {
        return new IllegalArgumentException("not a Go duration: \"" + text + "\" (want e.g. 1m30s, 500ms or 0)");
    }
}
