package dev.anvil.machined.server;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.DmesgRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Dmesg RPC over this machine's real kernel log. */
class DmesgTest {
    /** talosctl's dmesg line: facility, level right-aligned in 7, RFC 3339 time in UTC, message, newline. */
    private static final Pattern LINE = Pattern.compile(
            "(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|local[0-7]): "
                    + " *(emerg|alert|crit|err|warning|notice|info|debug): "
                    + "\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z)]: ([^\n]*)\n");

    private final ServedMachine node = new ServedMachine();

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void dmesg_sendsTheKernelLog_oneRecordAMessage_asTalosctlPrintsIt() {
        List<String> lines = new ArrayList<>();
        node.blocking().dmesg(DmesgRequest.getDefaultInstance())
                .forEachRemaining(d -> lines.add(d.getBytes().toStringUtf8()));
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).matches(LINE);
            assertThat(line.split(": ", 3)[1]).as("the level, padded").hasSize(7);
        });
    }

    @Test
    void tailWithoutFollow_sendsNothing() {
        List<Data> got = new ArrayList<>();
        node.blocking().dmesg(DmesgRequest.newBuilder().setTail(true).build()).forEachRemaining(got::add);
        assertThat(got).isEmpty();
    }

    @Test
    void follow_fromTheTail_sendsNewRecords_untilCancelled() throws Exception {
        Path kmsg = Path.of("/dev/kmsg");
        assumeTrue(Files.isWritable(kmsg), "writing a record to /dev/kmsg needs root");
        Received<DmesgRequest, Data> received = new Received<>();
        node.async().dmesg(DmesgRequest.newBuilder().setFollow(true).setTail(true).build(), received);
        String marker = "anvil-dmesg-test " + UUID.randomUUID();
        // the stream reads from the tail once its call starts: write until the record shows (the first may be early)
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            Files.writeString(kmsg, "<5>" + marker + "\n");
            return received.messages.stream().anyMatch(d -> d.getBytes().toStringUtf8().endsWith(marker + "\n"));
        });
        String line = received.messages.stream().map(d -> d.getBytes().toStringUtf8())
                .filter(l -> l.endsWith(marker + "\n")).findFirst().orElseThrow();
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        // userspace records without a facility are the user facility's
        assertThat(m.group(1)).isEqualTo("user");
        assertThat(m.group(2)).isEqualTo("notice");
        assertThat(Duration.between(Instant.parse(m.group(3)), Instant.now()).abs()).isLessThan(Duration.ofSeconds(30));
        assertThat(received.messages).noneMatch(d -> d.getBytes().toStringUtf8().contains("Linux version"));

        received.cancel();
        assertThat(received.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> node.server.streams() == 0);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("dmesg"));
    }
}
