package dev.anvil.e2e.image;

import dev.anvil.imager.ImageBuilder;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The image the qemu tests boot, built once per build of machined: {@code bin/anvilctl image build} into
 * e2e/target/image, again only when machined's jar is newer than the image (every {@code mvn verify} repackages it,
 * so a CI run builds the image once and its tests share it).
 */
final class ImageFixture {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path IMAGE = ROOT.resolve("e2e/target/image");

    private ImageFixture() {
    }

    static synchronized Path image() throws Exception {
        Path sums = IMAGE.resolve("SHA256SUMS");
        if (!Files.exists(sums) || Files.getLastModifiedTime(sums).compareTo(
                Files.getLastModifiedTime(machinedJar())) < 0) {
            Child build = Spawner.spawn(new ProcessSpec(ROOT.resolve("bin/anvilctl").toString(),
                    List.of("image", "build", "--output", IMAGE.toString()),
                    Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", System.getProperty("user.home"),
                            "JAVA_HOME", System.getProperty("java.home")), ProcessSpec.Output.CAPTURE, true));
            String output = new String(build.output().readAllBytes(), StandardCharsets.UTF_8);
            if (!build.exit().get(20, TimeUnit.MINUTES).success()) {
                throw new IOException("anvilctl image build failed:\n" + output);
            }
            System.out.print(output);
        }
        return IMAGE;
    }

    static Path kernel() throws Exception {
        return image().resolve("vmlinuz");
    }

    static Path initramfs() throws Exception {
        return image().resolve(ImageBuilder.INITRAMFS);
    }

    static Path rootfs() throws Exception {
        return image().resolve("rootfs.squashfs");
    }

    /** The image's kernel command line before the init arguments (the root's dm-verity hash among them). */
    static String bootWords() throws Exception {
        String cmdline = Files.readString(image().resolve("cmdline")).trim();
        return cmdline.substring(0, cmdline.indexOf(" -- "));
    }

    private static Path machinedJar() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("machined/target"))) {
            return s.filter(p -> p.getFileName().toString().matches("anvil-machined-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst()
                    .orElseThrow(() -> new IOException("machined is not built"));
        }
    }
}
