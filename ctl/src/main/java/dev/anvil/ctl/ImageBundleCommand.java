package dev.anvil.ctl;

import dev.anvil.ctl.cluster.AnvilHome;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.upgrade.Bundle;
import dev.anvil.machinery.upgrade.BundleManifest;
import dev.anvil.machinery.version.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * anvilctl image bundle (Anvil only): the upgrade bundle of this build, signed: machined's jars (what a container-mode
 * node runs from its boot slot) and, with {@code --image-dir}, the kernel, initramfs and root filesystem of an
 * {@code anvilctl image build} (what a disk boots).
 */
@Command(name = "bundle", description = "Build a signed upgrade bundle of this build's machined (and, with "
        + "--image-dir, of a built image's kernel, initramfs and root filesystem).")
final class ImageBundleCommand implements Callable<Integer> {
    private static final List<String> BOOT_FILES = List.of("vmlinuz", "initramfs.cpio.lz4", "rootfs.squashfs");

    @Spec
    CommandSpec spec;
    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The ECDSA P-256 private key to sign with (anvilctl gen upgrade-key).")
    Path key;
    @Option(names = "--version", paramLabel = "VERSION", description = "The version the bundle installs (default: "
            + "this build's tag).")
    String version;
    @Option(names = {"-o", "--output"}, defaultValue = "anvil-bundle.zip",
            description = "Where the bundle goes (default: ${DEFAULT-VALUE}).")
    Path output;
    @Option(names = "--image-dir", paramLabel = "DIR",
            description = "An image build's output to add under boot/ (vmlinuz, initramfs, rootfs.squashfs).")
    Path imageDir;

    @Override
    public Integer call() throws Exception {
        List<Bundle.Source> sources = new ArrayList<>(machinedJars(AnvilHome.anvilRoot().resolve("machined/target")));
        if (imageDir != null) {
            for (String name : BOOT_FILES) {
                if (Files.isRegularFile(imageDir.resolve(name))) {
                    sources.add(new Bundle.Source("boot/" + name, imageDir.resolve(name)));
                }
            }
        }
        var signer = PemCodec.parsePrivateKey(Files.readString(key));
        Path temporary = Files.createTempFile(output.toAbsolutePath().getParent(), ".bundle", ".tmp");
        BundleManifest manifest;
        try (OutputStream out = Files.newOutputStream(temporary)) {
            manifest = Bundle.write(out, version != null ? version : BuildInfo.load().tag(), sources, signer);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().printf("bundle %s: version %s, %d files, %d bytes%n", output,
                manifest.version(), manifest.files().size(), Files.size(output));
        return 0;
    }

    /** machined's jar and its runtime jars, as the bundle places them: machined/machined.jar, machined/lib/. */
    static List<Bundle.Source> machinedJars(Path target) throws IOException {
        List<Bundle.Source> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(target)) {
            Path jar = s.filter(p -> p.getFileName().toString().matches("anvil-machined-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst()
                    .orElseThrow(() -> new IOException("machined is not built: no jar in " + target));
            sources.add(new Bundle.Source("machined/machined.jar", jar));
        }
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            for (Path lib : s.sorted().toList()) {
                sources.add(new Bundle.Source("machined/lib/" + lib.getFileName(), lib));
            }
        }
        return sources;
    }
}
