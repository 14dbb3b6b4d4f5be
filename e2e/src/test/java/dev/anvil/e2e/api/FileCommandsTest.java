package dev.anvil.e2e.api;

import dev.anvil.ctl.Anvilctl;
import dev.anvil.ctl.RawOutput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl list, read, copy and usage against a node of a running cluster, on the node's own /system. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class FileCommandsTest {
    private static final String CONFIG = "/system/state/config.yaml";

    private final SharedCluster cluster;

    @TempDir
    Path dir;

    FileCommandsTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void list_ofTheRoot_showsOnlyTheNodesOwnDirectories() {
        var result = cluster.anvilctl("ls", "/");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).contains(".", "etc", "proc", "run", "sys", "system", "tmp", "var")
                .doesNotContain("usr", "home", "dev");
    }

    @Test
    void list_longAndRecursive_isATableNamingTheNode() {
        var result = cluster.anvilctl("list", "-l", "-r", "-t", "f", "/system");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NODE", "MODE", "UID", "GID", "SIZE(B)", "LASTMOD", "LABEL", "NAME");
        assertThat(result.out()).containsPattern("(?m)^" + Pattern.quote(cluster.nodes().getFirst().ip())
                + " +-rw\\S{7} +0 +0 +\\d+ .* state/config\\.yaml$");
    }

    @Test
    void read_printsTheFile_andCopy_extractsItAlike() throws Exception {
        var read = cluster.anvilctl("cat", CONFIG);
        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(read.out()).contains("machine:");

        var copy = cluster.anvilctl("cp", "/system/state", dir.resolve("state").toString());
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(Files.readString(dir.resolve("state/config.yaml"))).isEqualTo(read.out());
    }

    @Test
    void copy_toStandardOutput_isATarGzThatTarReads() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        var cli = Anvilctl.commandLine().setOut(new RawOutput(new PrintStream(bytes)))
                .setErr(new PrintWriter(err, true));
        int code = cli.execute("--anvilconfig", cluster.clientConfig().toString(), "copy", CONFIG, "-");
        assertThat(code).as(err.toString()).isZero();

        Path archive = dir.resolve("config.tar.gz");
        Files.write(archive, bytes.toByteArray());
        Process tar = new ProcessBuilder("tar", "-tzvf", archive.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor()).as(listing).isZero();
        assertThat(listing).startsWith("-rw").contains(" 0/0 ").endsWith(" config.yaml\n");
    }

    @Test
    void usage_sumsTheStateDirectory() {
        var result = cluster.anvilctl("du", "-a", "-d", "2", "/system");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow().split("\\s+")).containsExactly("SIZE", "NAME");
        assertThat(result.out()).containsPattern("(?m)^\\d+ +state/config\\.yaml$").containsPattern("(?m)^\\d+ +\\.$");
    }

    @Test
    void outsideTheNodesDirectories_orMissing_isAnErrorLine() {
        var outside = cluster.anvilctl("cat", "/usr/bin/env");
        assertThat(outside.exitCode()).isOne();
        assertThat(outside.err()).startsWith("error: permission denied: \"/usr/bin/env\" is outside");

        var missing = cluster.anvilctl("ls", "/var/nothing-here");
        assertThat(missing.exitCode()).isOne();
        assertThat(missing.err()).startsWith("error: not found: \"/var/nothing-here\" does not exist");
    }
}
