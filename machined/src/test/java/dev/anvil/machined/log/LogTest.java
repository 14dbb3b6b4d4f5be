package dev.anvil.machined.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123Z");

    @Test
    void text_isTheMessageThenItsFields() {
        assertThat(Log.textLine(Log.Level.INFO, "ready in 12 ms", null)).isEqualTo("machined: ready in 12 ms\n");
        assertThat(Log.textLine(Log.Level.WARN, "skipping route", null, "link", "eth0", "metric", 5))
                .isEqualTo("machined: warn: skipping route link=eth0 metric=5\n");
    }

    @Test
    void json_isOneObjectPerLine_withTypedAndEscapedValues() {
        assertThat(Log.jsonLine(T, Log.Level.INFO, "setting \"hostname\"", null, "hostname", "web-1", "ms", 12L,
                "up", true, "note", "a\nb\\c\u0001"))
                .isEqualTo("{\"time\":\"2026-01-02T03:04:05.123Z\",\"level\":\"info\",\"msg\":\"setting \\\"hostname\\\"\","
                        + "\"hostname\":\"web-1\",\"ms\":12,\"up\":true,\"note\":\"a\\nb\\\\c\\u0001\"}\n");
    }

    @Test
    void json_failure_carriesErrorAndStack() {
        String line = Log.jsonLine(T, Log.Level.ERROR, "failed", new IllegalStateException("boom"));
        assertThat(line).startsWith("{\"time\":").contains("\"level\":\"error\"")
                .contains("\"error\":\"java.lang.IllegalStateException: boom\"")
                .contains("\"stack\":\"java.lang.IllegalStateException: boom\\n\\tat ").endsWith("}\n")
                .doesNotContain("\n\t");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }
}
