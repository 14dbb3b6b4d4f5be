package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KmsgTest {

    @Test
    void readAvailable_returnsTheKernelLogInOrder_andEnds() {
        try (Kmsg kmsg = new Kmsg()) {
            List<KmsgRecord> records = kmsg.readAvailable();
            assertThat(records).isNotEmpty();
            for (int i = 1; i < records.size(); i++) {
                assertThat(records.get(i).sequence()).isGreaterThan(records.get(i - 1).sequence());
            }
            assertThat(kmsg.readAvailable()).as("everything was read").isEmpty();
        }
    }

    @Test
    void follow_stopsWhenInterrupted() throws Exception {
        List<KmsgRecord> seen = new CopyOnWriteArrayList<>();
        try (Kmsg kmsg = new Kmsg()) {
            Thread follower = Thread.ofPlatform().start(() -> kmsg.follow(seen::add));
            Thread.sleep(300);
            follower.interrupt();
            follower.join(Duration.ofSeconds(2));
            assertThat(follower.isAlive()).isFalse();
        }
        assertThat(seen).isNotEmpty();
    }

    @Test
    void parse_readsPrefixSequenceTimeAndUnescapesText() {
        KmsgRecord r = KmsgRecord.parse("30,1234,5000000,-;eth0: link \\x22up\\x22\n SUBSYSTEM=net\n");
        assertThat(r.facility()).isEqualTo(3);
        assertThat(r.level()).isEqualTo(6);
        assertThat(r.sequence()).isEqualTo(1234);
        assertThat(r.sinceBoot()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.message()).isEqualTo("eth0: link \"up\"");
    }
}
