package dev.anvil.sys;

import java.time.Duration;

/** One kernel log record: syslog facility and level, sequence number, time since boot and the message. */
public record KmsgRecord(int facility, int level, long sequence, Duration sinceBoot, String message) {

    /** Parses {@code "prefix,seq,usec,flags[,...];message"}; continuation lines (dictionary entries) are dropped. */
    static KmsgRecord parse(String raw) {
        int semicolon = raw.indexOf(';');
        if (semicolon < 0) {
            throw new IllegalArgumentException("not a kernel log record: " + raw);
        }
        String[] fields = raw.substring(0, semicolon).split(",");
        if (fields.length < 3) {
            throw new IllegalArgumentException("not a kernel log record: " + raw);
        }
        int prefix = Integer.parseInt(fields[0]);
        String text = raw.substring(semicolon + 1);
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        return new KmsgRecord(prefix >> 3, prefix & 7, Long.parseLong(fields[1]),
                Duration.ofNanos(Long.parseLong(fields[2]) * 1000), unescape(text));
    }

    /** The kernel writes unprintable bytes as \xNN. */
    private static String unescape(String text) {
        if (!text.contains("\\x")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\x", i) && isHex(text, i + 2) && isHex(text, i + 3)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
