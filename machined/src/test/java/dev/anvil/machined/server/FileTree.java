package dev.anvil.machined.server;

import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.server.files.Roots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small node file system in a temporary directory, for the file RPCs' tests. The served roots are
 * {@code base/var} and {@code base/etc}; {@code base/home} lies outside them and holds a secret, which symbolic
 * links inside the roots point at.
 * <pre>
 * base/etc/hostname             "node-1\n"
 * base/var/empty                (0 bytes)
 * base/var/escape               -> ../home/secret.txt
 * base/var/escape-dir           -> ../home
 * base/var/link                 -> log/a.log
 * base/var/log/a.log            "hello\n"
 * base/var/log/sub/b.txt        "bee\n"
 * base/home/secret.txt          "secret\n"
 * </pre>
 */
record FileTree(Path base) {
    static FileTree create(Path base) throws IOException {
        Path var = Files.createDirectories(base.resolve("var"));
        Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("home"));
        Files.createDirectories(var.resolve("log/sub"));
        Files.writeString(base.resolve("etc/hostname"), "node-1\n");
        Files.writeString(base.resolve("home/secret.txt"), "secret\n");
        Files.writeString(var.resolve("log/a.log"), "hello\n");
        Files.writeString(var.resolve("log/sub/b.txt"), "bee\n");
        Files.createFile(var.resolve("empty"));
        Files.createSymbolicLink(var.resolve("link"), Path.of("log/a.log"));
        Files.createSymbolicLink(var.resolve("escape"), Path.of("../home/secret.txt"));
        Files.createSymbolicLink(var.resolve("escape-dir"), Path.of("../home"));
        return new FileTree(base);
    }

    NodeFiles files() {
        return new NodeFiles(new Roots(List.of(base.resolve("var"), base.resolve("etc"))));
    }

    /** A path below the base, as a request names it. */
    String at(String relative) {
        return base.resolve(relative).toString();
    }

    Path path(String relative) {
        return base.resolve(relative);
    }

    /** Runs a command, failing with its output unless it succeeds. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
