package dev.anvil.ctl;

import dev.anvil.api.machine.ProcessInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessesCommandTest {

    @Test
    void commandLine_namesTheExecutableByItsPath_whenTheFirstArgumentIsItsName() {
        assertThat(ProcessesCommand.commandLine(process("etcd", "/usr/local/bin/etcd", "etcd --name a")))
                .isEqualTo("/usr/local/bin/etcd --name a");
    }

    @Test
    void commandLine_keepsArgumentsThatNameSomethingElse() {
        assertThat(ProcessesCommand.commandLine(process("java", "/usr/lib/jvm/bin/java", "/usr/bin/java -cp x Main")))
                .isEqualTo("/usr/bin/java -cp x Main");
    }

    @Test
    void commandLine_isTheShortName_withoutAnExecutable() {
        assertThat(ProcessesCommand.commandLine(process("kworker/0:1", "", ""))).isEqualTo("kworker/0:1");
    }

    @Test
    void commandLine_showsControlAndNonAsciiCharactersAsSpaces() {
        assertThat(ProcessesCommand.commandLine(process("sh", "/bin/sh", "sh -c a\tb\né"))).isEqualTo("/bin/sh -c a b  ");
    }

    @Test
    void sort_otherThanRssOrCpu_isRefusedBeforeAnyCall() {
        Cli cli = Cli.run("processes", "--sort", "mem");
        assertThat(cli.exitCode()).as("picocli's code for a usage error").isEqualTo(2);
        assertThat(cli.err()).startsWith("--sort is rss or cpu, not \"mem\"");
    }

    private static ProcessInfo process(String command, String executable, String args) {
        return ProcessInfo.newBuilder().setCommand(command).setExecutable(executable).setArgs(args).build();
    }
}
