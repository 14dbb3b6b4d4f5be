package dev.anvil.imager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * machined's AOT cache for the image, trained in a chroot of the initramfs tree so that the JRE, the jars and their
 * paths are the image's byte for byte (the cache checks them), with machined's own flags, whose conservative CPU
 * settings let the cache run on any x86-64 (specs/boot-recipe.md section 7). The training run
 * ({@code dev.anvil.machined.pid1.ImageTraining}) goes through what a booting node does that needs no kernel of its
 * own: the FFM calls, module index and command line parsing, the maintenance API's keys and TLS server.
 */
final class AotTraining {
    private final Path tree;
    private final Consumer<String> progress;

    AotTraining(Path tree, Consumer<String> progress) {
        this.tree = tree;
        this.progress = progress;
    }

    void train(String machinedArgs) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        List<String> lines = machinedArgs.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("-XX:AOTCache=")) {
                continue;
            }
            if (line.equals("dev.anvil.machined.Main")) {
                flags.add("dev.anvil.machined.pid1.ImageTraining");
            } else {
                flags.add(line);
            }
        }
        Path argsFile = tree.resolve("app/training.args");
        Files.writeString(argsFile, String.join("\n", flags) + "\n");
        // where the training node mounts tmpfs (in its own mount namespace): gone again after
        List<Path> mountPoints = List.of(tree.resolve("var"), tree.resolve("system"), tree.resolve("etc"));
        for (Path dir : mountPoints) {
            Files.createDirectories(dir);
        }
        try {
            long started = System.nanoTime();
            Tools.run(tree, List.of("unshare", "--net", "--mount", "--pid", "--fork", "--propagation", "private",
                    "chroot", tree.toString(),
                    "/jre/bin/java", "-XX:AOTCacheOutput=/app/machined.aot", "@/app/training.args"));
            progress.accept(String.format("      trained in %.1f s, cache %,d bytes",
                    (System.nanoTime() - started) / 1e9, Files.size(tree.resolve("app/machined.aot"))));
        } finally {
            Files.deleteIfExists(argsFile);
            for (Path dir : mountPoints) {
                Files.deleteIfExists(dir);
            }
        }
    }
}
