package dev.anvil.ctl;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demo_printsWhatEachWatchSaw() {
        StringWriter out = new StringWriter();
        CommandLine cli = Anvilctl.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute("demo")).isZero();
        String text = out.toString();
        assertThat(text).contains("[all     ] BOOTSTRAPPED")
                .contains("[physical] DESTROYED    LinkSpecs.demo.anvil.dev(network/eth1)@2")
                .contains("teardown says ready=false")
                .contains("[status  ] UPDATED      LinkStatuses.demo.anvil.dev(network/eth0)@2 LinkStatus[mtu=9000")
                .contains("[status  ] DESTROYED    LinkStatuses.demo.anvil.dev(network/eth0)")
                .contains("demo.LinkStatusController -> LinkStatuses.demo.anvil.dev [OUTPUT_EXCLUSIVE]")
                .contains("[resumed ] CREATED      LinkSpecs.demo.anvil.dev(network/dummy0)@1")
                .doesNotContain("[resumed ] UPDATED      LinkSpecs.demo.anvil.dev(network/eth0)@2")
                .doesNotContain("[plain   ] CREATED      LinkSpecs.demo.anvil.dev(network/eth0)@1");
    }
}
