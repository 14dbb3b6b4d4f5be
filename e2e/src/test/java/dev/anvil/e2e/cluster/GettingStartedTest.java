package dev.anvil.e2e.cluster;

import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/getting-started.md works as written: its shell blocks, in order, run in one shell (so its variables carry
 * over, as in a user's terminal) with the test's own ANVIL_HOME, cluster name and network, and none fails; the
 * blocks marked as not run (set-up, the interactive dashboard) are left out. Every anvilctl flag the guide uses is
 * one docs/cli-reference.md lists for that command.
 */
class GettingStartedTest {
    static final Path GUIDE = LocalNodes.ROOT.resolve("docs/getting-started.md");
    static final Path REFERENCE = LocalNodes.ROOT.resolve("docs/cli-reference.md");
    static final String SKIP_MARK = "# not run by the guide's test";
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```$");

    @TempDir
    Path home;
    @TempDir
    Path work;

    private final String cluster = "gst" + (ProcessHandle.current().pid() % 10000);

    @AfterEach
    void destroyLeftovers() throws Exception {
        LocalNodes.destroyCluster(home, cluster);
    }

    /** The guide's shell blocks in order. */
    static List<String> blocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    @Tag("e2e")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theGuidesCommands_runInOrder_withoutFailing() throws Exception {
        List<String> run = blocks().stream().filter(b -> !b.contains(SKIP_MARK)).toList();
        assertThat(run).hasSizeGreaterThan(10);
        String script = "set -xeo pipefail\ncd " + LocalNodes.ROOT + "\n" + String.join("\n", run);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", home.toString());
        env.put("ANVIL_HOME", home.toString());
        env.put("CLUSTER", cluster);
        env.put("CIDR", "10.213.38.0/24");
        env.put("WORK", work.toString());
        Child shell = Spawner.spawn(new ProcessSpec("/bin/bash", List.of("-c", script), env,
                ProcessSpec.Output.CAPTURE, true));
        String output;
        ExitStatus status;
        try {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(shell.output().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            status = shell.exit().get(14, TimeUnit.MINUTES);
            output = read.get(1, TimeUnit.MINUTES);
        } finally {
            // a guide's command that hangs or a test that gives up leaves nothing running
            shell.signalGroup(Child.SIGKILL);
        }
        assertThat(status.success()).as("the guide's commands:%n%s", output).isTrue();
        assertThat(output).contains("cluster " + cluster + " is healthy").contains("etcd snapshot saved")
                .contains("Applied configuration from maintenance mode").contains("cluster " + cluster + " destroyed");
    }

    @Test
    void everyFlagTheGuideUses_isInTheReference_forItsCommand() throws IOException {
        Map<String, String> sections = referenceSections();
        Map<String, String> aliases = aliases(sections.get("anvilctl"));
        List<String> checked = new ArrayList<>();
        for (String block : blocks()) {
            for (String line : block.lines().toList()) {
                int at = line.indexOf("bin/anvilctl ");
                if (line.startsWith("#") || at < 0) {
                    continue;
                }
                // one command: up to a shell operator; quoted values are arguments, never flags or command words
                String command = line.substring(at + "bin/anvilctl ".length()).split("[;|>&]")[0]
                        .replaceAll("'[^']*'|\"[^\"]*\"", "VALUE");
                List<String> words = new ArrayList<>();
                List<String> flags = new ArrayList<>();
                for (String token : command.trim().split("\\s+")) {
                    if (token.startsWith("-")) {
                        flags.add(token.split("=")[0]);
                    } else if (token.matches("[a-z][a-z-]*")) {
                        words.add(token);
                    }
                }
                if (!words.isEmpty()) {
                    words.set(0, aliases.getOrDefault(words.getFirst(), words.getFirst()));
                }
                String section = null;
                for (int n = words.size(); n > 0 && section == null; n--) {
                    section = sections.get("anvilctl " + String.join(" ", words.subList(0, n)));
                }
                assertThat(section).as("the reference's section for: %s", line).isNotNull();
                for (String flag : flags) {
                    assertThat(Pattern.compile("(^|[\\s,\\[])" + Pattern.quote(flag) + "([=\\s,\\]]|$)",
                            Pattern.MULTILINE).matcher(section).find())
                            .as("flag %s of \"%s\" in docs/cli-reference.md", flag, line).isTrue();
                    checked.add(flag);
                }
            }
        }
        assertThat(checked).contains("--name", "--cidr", "-n", "-e", "--context", "--insecure", "--with-secrets",
                "--wait-timeout", "--dry-run", "-p", "--tail", "-o");
    }

    /** The commands' other names ("services" for "service"), from the root command's list of its commands. */
    private static Map<String, String> aliases(String root) {
        Map<String, String> aliases = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z-]+(?:, [a-z-]+)+) ").matcher(root);
        while (m.find()) {
            String[] names = m.group(1).split(", ");
            for (String alias : names) {
                aliases.put(alias, names[0]);
            }
        }
        return aliases;
    }

    /** docs/cli-reference.md's sections by heading ("anvilctl etcd members"), each its usage text. */
    private static Map<String, String> referenceSections() throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?ms)^## (anvilctl[^\\n]*)\\n(.*?)(?=^## |\\z)")
                .matcher(Files.readString(REFERENCE));
        while (m.find()) {
            sections.put(m.group(1).trim(), m.group(2));
        }
        return sections;
    }
}
