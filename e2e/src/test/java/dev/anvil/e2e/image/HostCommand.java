package dev.anvil.e2e.image;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The host commands the image tests run: bin/anvilctl with its own home, and tools such as openssl. */
final class HostCommand {
    private final Path home;

    /** @param home the ANVIL_HOME of the anvilctl runs (its config, its cluster state) */
    HostCommand(Path home) {
        this.home = home;
    }

    /** anvilctl with {@code args}, which must succeed; its output. */
    String anvilctl(String... args) throws Exception {
        return run(true, anvilctlCommand(List.of(args)));
    }

    /** anvilctl with {@code args} followed by the {@code global} flags (endpoint, talosconfig), which must succeed. */
    String anvilctl(String[] global, String... args) throws Exception {
        return run(true, anvilctlCommand(joined(args, global)));
    }

    /** As {@link #anvilctl(String[], String...)}, returning the output of a failing run too. */
    String anvilctlAllowingFailure(String[] global, String... args) throws Exception {
        return run(false, anvilctlCommand(joined(args, global)));
    }

    /** A host tool, which must succeed; its output. */
    String tool(String... command) throws Exception {
        return run(true, List.of(command));
    }

    private List<String> anvilctlCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ImageFixture.ROOT.resolve("bin/anvilctl").toString());
        command.addAll(args);
        return command;
    }

    private static List<String> joined(String[] args, String[] global) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(global));
        return all;
    }

    private String run(boolean mustSucceed, List<String> command) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec(command.getFirst(), command.subList(1, command.size()),
                Map.of("ANVIL_HOME", home.toString(), "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME",
                        System.getProperty("java.home")), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = child.exit().get(3, TimeUnit.MINUTES).success();
        if (mustSucceed) {
            assertThat(ok).as("%s:%n%s", command, output).isTrue();
        }
        return output;
    }
}
