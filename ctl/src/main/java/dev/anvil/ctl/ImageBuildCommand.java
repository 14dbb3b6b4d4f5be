package dev.anvil.ctl;

import dev.anvil.ctl.cluster.AnvilHome;
import dev.anvil.imager.ImageBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** anvilctl image build: the bootable image (talosctl has it as the separate imager; here it is a subcommand). */
@Command(name = "build", description = "Build the kernel, initramfs and squashfs root from Debian packages"
        + " (pinned in image/debs.lock) and this build's machined.")
final class ImageBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--output", description = "Where the image goes (default: _out).", defaultValue = "_out")
    Path output;
    @Option(names = "--cache", description = "Where downloaded .deb files are kept (default:"
            + " ~/.cache/anvil/debs).")
    Path cache;
    @Option(names = "--update-lock", description = "Take apt's newest versions and rewrite image/debs.lock.")
    boolean updateLock;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = AnvilHome.anvilRoot();
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache/anvil/debs");
        long started = System.nanoTime();
        var image = new ImageBuilder(new ImageBuilder.Options(root, output.toAbsolutePath(),
                root.resolve("image/debs.lock"), cacheDir, updateLock, Path.of(System.getProperty("java.home")),
                machinedFlags(root)), line -> {
                    out.println(line);
                    out.flush();
                }).build();
        out.printf("image built in %.1f s: %s%n", (System.nanoTime() - started) / 1e9,
                image.kernel().getParent());
        out.println("kernel command line: " + image.cmdline());
        out.flush();
        return 0;
    }

    /** machined's JVM flags, from the file its launcher sources (one list for every way machined starts). */
    private static List<String> machinedFlags(Path root) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", "here=\"$1\"; . \"$here/bin/machined-jvm-flags\";"
                + " printf '%s\\n' \"${MACHINED_JVM_FLAGS[@]}\"", "flags", root.toString())
                .redirectErrorStream(true).start();
        String text = new String(bash.getInputStream().readAllBytes());
        if (bash.waitFor() != 0) {
            throw new IOException("reading bin/machined-jvm-flags failed: " + text);
        }
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
